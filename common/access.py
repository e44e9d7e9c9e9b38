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

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
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


# --- scopes: which rows a user may see -------------------------------------------


def _scope_units(user, qs):
    # The list of units is an organisation chart, not personal data.
    return qs


def _scope_users(user, qs):
    role = role_of(user)
    if role in (Role.ADMIN, Role.CLERK, Role.LEADER):
        return qs
    # A liaison sees the colleagues of their own unit only.
    return qs.filter(unit_id=user.unit_id)


_SCOPES: dict[str, Callable] = {
    "accounts.Unit": _scope_units,
    "accounts.User": _scope_users,
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


# --- actions: what a user may do ---------------------------------------------------


def _is(*roles):
    return lambda user, obj=None: role_of(user) in roles


_ACTIONS: dict[str, Callable] = {
    # The Django admin: units, users, categories, schedules.
    "admin.site": _is(Role.ADMIN),
    "accounts.view_directory": _is(Role.ADMIN, Role.CLERK, Role.LEADER, Role.LIAISON),
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
