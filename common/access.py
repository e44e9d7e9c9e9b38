"""The one access gate.

Every view, export and task asks this module what a user may see and do; no view
calls `Model.objects.get()` on an id from a request.  Two questions:

* `scope(user, queryset)` — the rows of that queryset the user may see.  Each
  model has one rule in `_SCOPES`; a model without a rule raises, so nothing is
  ever shown unscoped by accident.
* `can(user, action, obj=None)` — whether the user may take an action; `require`
  raises PermissionDenied instead of returning False.

`get_for_user` combines them for detail pages: a row outside the user's scope is
a 404, exactly as if it did not exist, so ids of other units' rows reveal nothing.

Models are named by their label ("accounts.User") so that `common` imports no app.
"""

from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from common.roles import Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def role_of(user) -> str | None:
    if not _active(user):
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


# --- scopes: which rows a user may see ----------------------------------------------


def _scope_units(user, qs):
    # The list of units is an organisation chart, not personal data.
    return qs


def _scope_users(user, qs):
    role = role_of(user)
    if role in (Role.ADMIN, Role.CLERK, Role.LEADER):
        return qs
    # A liaison sees the colleagues of their own unit only.
    return qs.filter(unit_id=user.unit_id)


def _scope_everyone(user, qs):
    # Configuration lists (categories, tags, channels): nothing personal in them.
    return qs


def _scope_cases(user, qs):
    role = role_of(user)
    if role in (Role.CLERK, Role.LEADER):
        return qs  # clerks handle every case; leaders read every case
    if role == Role.LIAISON:
        # Their own unit's cases and the cases their unit co-handles; only those.
        # As `id IN (owned UNION co-handled)`: both halves read an index, where
        # `owning_unit = … OR EXISTS (…)` made PostgreSQL scan every case.
        owned = qs.model.objects.filter(owning_unit_id=user.unit_id).values("pk")
        co_handled = qs.model.co_units.through.objects.filter(
            unit_id=user.unit_id
        ).values("case_id")
        return qs.filter(pk__in=owned.order_by().union(co_handled.order_by()))
    return qs.none()  # administrators configure; they do not read cases


def _scope_by_case(user, qs):
    """Records of a case (events, measures, attachments …): visible with the case."""
    cases = scope(user, apps.get_model("cases", "Case").objects.all())
    return qs.filter(case__in=cases.values("pk"))


def _scope_petitions(user, qs):
    if role_of(user) == Role.CLERK:
        return qs  # the bureau registers and decides every petition
    # Others see the petitions behind the cases they may see, masked.
    cases = scope(user, apps.get_model("cases", "Case").objects.all())
    return qs.filter(case__in=cases.values("pk"))


def _scope_petitioners(user, qs):
    if role_of(user) == Role.CLERK:
        return qs
    petitions = scope(user, apps.get_model("petitions", "Petition").objects.all())
    return qs.filter(petitions__in=petitions.values("pk")).distinct()


def _scope_signed_in(user, qs):
    return qs


def _scope_own_unit(user, qs):
    """Reports, orders and records: the bureau and leaders see all, a liaison
    their own unit's."""
    role = role_of(user)
    if role in (Role.CLERK, Role.LEADER):
        return qs
    if role == Role.LIAISON:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


_SCOPES: dict[str, Callable] = {
    "supervision.ReportingPeriod": _scope_signed_in,
    "supervision.DailyReport": _scope_own_unit,
    "supervision.MissingReport": _scope_own_unit,
    "supervision.UrgentReport": _scope_own_unit,
    "supervision.SupervisionOrder": _scope_own_unit,
    "supervision.AccountabilityRecord": _scope_own_unit,
    "accounts.Notification": lambda user, qs: qs.filter(user_id=user.pk),
    "petitions.Petition": _scope_petitions,
    "petitions.Petitioner": _scope_petitioners,
    "petitions.ReceptionDay": _scope_signed_in,
    "cases.Extension": lambda user, qs: _scope_by_case(user, qs),
    "cases.ReviewRequest": lambda user, qs: _scope_by_case(user, qs),
    "cases.Hearing": lambda user, qs: qs.filter(
        review__case__in=scope(
            user, apps.get_model("cases", "Case").objects.all()
        ).values("pk")
    ),
    "accounts.Unit": _scope_units,
    "accounts.User": _scope_users,
    "cases.Category": _scope_everyone,
    "cases.Tag": _scope_everyone,
    "cases.ResolutionChannel": _scope_everyone,
    "cases.Case": _scope_cases,
    **{
        f"cases.{name}": _scope_by_case
        for name in (
            "CaseEvent",
            "RootCause",
            "Plan",
            "Measure",
            "ProgressEntry",
            "ClosingSubmission",
            "LookBack",
            "Instruction",
            "LeaderVisit",
            "Attachment",
        )
    },
}


def scope(user, qs: QuerySet) -> QuerySet:
    """The rows of `qs` that `user` may see (none for an anonymous user)."""
    label = qs.model._meta.label
    rule = _SCOPES.get(label)
    if rule is None:
        raise ImproperlyConfigured(f"No access rule for {label}")
    if not _active(user):
        return qs.none()
    return rule(user, qs)


def get_for_user(user, qs: QuerySet, **lookup) -> Model:
    """One row the user may see, or 404."""
    try:
        return scope(user, qs).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- actions: what a user may do ----------------------------------------------------


def _is(*roles):
    return lambda user, obj=None: role_of(user) in roles


def leader_cases_q(user) -> Q:
    """A leader's own cases (包案) plus those of their townships (包片) and
    categories (包线): "my cases" for a leader."""
    areas = apps.get_model("cases", "LeaderArea").objects.filter(leader_id=user.pk)
    sectors = apps.get_model("cases", "LeaderSector").objects.filter(leader_id=user.pk)
    return (
        Q(leader_id=user.pk)
        | Q(owning_unit_id__in=areas.values("unit_id"))
        | Q(category_id__in=sectors.values("category_id"))
    )


def _owns_case(user, case) -> bool:
    return bool(case.owning_unit_id and case.owning_unit_id == user.unit_id)


def _co_handles_case(user, case) -> bool:
    # Uses the prefetched co_units when the selector loaded them.
    return any(unit.pk == user.unit_id for unit in case.co_units.all())


def _case_worker(user, case) -> bool:
    """Clerks, and the liaisons of the owning unit: record, plan, submit."""
    role = role_of(user)
    return role == Role.CLERK or (role == Role.LIAISON and _owns_case(user, case))


def _case_helper(user, case) -> bool:
    """Also co-handling units' liaisons: add follow-up entries and attachments."""
    return _case_worker(user, case) or (
        role_of(user) == Role.LIAISON and _co_handles_case(user, case)
    )


def _leader_of_case(user, case) -> bool:
    if role_of(user) != Role.LEADER:
        return False
    Case = apps.get_model("cases", "Case")
    return Case.objects.filter(leader_cases_q(user), pk=case.pk).exists()


_ACTIONS: dict[str, Callable] = {
    # The Django admin: units, users, categories, schedules.
    "admin.site": _is(Role.ADMIN),
    # Cases.
    "case.list": _is(Role.CLERK, Role.LIAISON, Role.LEADER),
    "case.create": _is(Role.CLERK),
    "case.assign": _is(Role.CLERK),
    "case.edit": _is(Role.CLERK),
    "case.review": _is(Role.CLERK),
    "case.work": _case_worker,
    "case.help": _case_helper,
    "case.instruct": _leader_of_case,
    "case.extend": _case_worker,
    "case.statutory": _is(Role.CLERK),
    # Petitions: registration, decisions and full personal data are the bureau's.
    "petition.list": _is(Role.CLERK),
    "petition.register": _is(Role.CLERK),
    "petition.decide": _is(Role.CLERK),
    "petition.reveal": _is(Role.CLERK),
    "reception.manage": _is(Role.CLERK),
    # Reporting and supervision.
    "period.manage": _is(Role.CLERK),
    "report.file": lambda user, unit=None: (
        role_of(user) == Role.LIAISON and (unit is None or unit.pk == user.unit_id)
    ),
    "report.grid": _is(Role.CLERK, Role.LEADER),
    "urgent.report": _is(Role.LIAISON, Role.CLERK),
    "urgent.acknowledge": _is(Role.CLERK),
    "order.list": _is(Role.CLERK, Role.LEADER, Role.LIAISON),
    "order.issue": _is(Role.CLERK),
    "order.reply": lambda user, order: (
        role_of(user) == Role.CLERK
        or (role_of(user) == Role.LIAISON and order.unit_id == user.unit_id)
    ),
    "order.close": _is(Role.CLERK),
    "record.list": _is(Role.CLERK, Role.LEADER),
    "record.manage": _is(Role.CLERK),
    "scorecard.view": _is(Role.CLERK, Role.LEADER),
    "dashboard.view": _is(Role.CLERK, Role.LEADER, Role.LIAISON),
    "case.visit": lambda user, case: (
        role_of(user) == Role.CLERK or _leader_of_case(user, case)
    ),
}


def can(user, action: str, obj=None) -> bool:
    check = _ACTIONS.get(action)
    if check is None:
        raise ImproperlyConfigured(f"Unknown action {action}")
    if not _active(user):
        return False
    return bool(check(user, obj))


def require(user, action: str, obj=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied
