"""Supervision orders (督办单) and accountability / commendation records.

One function per action. The order's status moves only here:

    open ──reply──▶ replied ──close──▶ closed
                    replied ──reply──▶ replied   (the unit amends its reply)

Automatic orders (half the time gone, the petitioner came back, a returned
closing not resubmitted) are created by scheduled jobs with `actor=None`; the
database makes each one exist once per (case, trigger, trigger_ref).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.notifications import notify
from cases.models import Case
from common import access
from common.errors import ActionRefused, EditConflict
from common.roles import Role
from supervision.models import AccountabilityRecord, SupervisionOrder

Status = SupervisionOrder.Status
Trigger = SupervisionOrder.Trigger
Phase = SupervisionOrder.Phase


def _lock(order: SupervisionOrder) -> SupervisionOrder:
    return (
        SupervisionOrder.objects.select_for_update(of=("self",))
        .select_related("case", "unit")
        .get(pk=order.pk)
    )


def _check_version(order: SupervisionOrder, expected_version: int | None) -> None:
    """Optimistic locking: refuse an action taken on a version someone replaced."""
    if expected_version is not None and expected_version != order.version:
        raise EditConflict(
            _(
                "Someone else changed this supervision order in the meantime. "
                "Nothing was saved: reload the page to see the latest version, "
                "then try again."
            )
        )


def _unit_liaisons(unit: Unit):
    return User.objects.filter(unit=unit, role=Role.LIAISON, is_active=True)


def _bureau_clerks():
    return User.objects.filter(role=Role.CLERK, is_active=True)


def _automatic_order(case, trigger, trigger_ref) -> SupervisionOrder | None:
    return SupervisionOrder.objects.filter(
        case=case, trigger=trigger, trigger_ref=trigger_ref
    ).first()


# --- orders ----------------------------------------------------------------------


@transaction.atomic
def order_issue(
    *,
    actor: User | None,
    case: Case,
    phase: str,
    requirements: str,
    deadline: datetime.date,
    unit: Unit | None = None,
    trigger: str = Trigger.MANUAL,
    trigger_ref: str = "",
) -> SupervisionOrder:
    """Order a unit to act on a case by a deadline (签发督办单).

    `unit` defaults to the case's owning unit. A manual order needs a clerk and
    a deadline from today on; an automatic one (actor None) is created once per
    (case, trigger, trigger_ref) — a second call returns the first order.
    """
    automatic = trigger != Trigger.MANUAL
    if trigger not in Trigger.values:
        raise ActionRefused(_("Unknown reason for a supervision order."))
    if phase not in Phase.values:
        raise ActionRefused(_("Choose the phase of the supervision."))
    if automatic:
        existing = _automatic_order(case, trigger, trigger_ref)
        if existing is not None:
            return existing
    else:
        if actor is None or not access.can(actor, "order.issue"):
            raise ActionRefused(
                _("Only the petition bureau can issue supervision orders.")
            )
        if deadline < timezone.localdate():
            raise ActionRefused(_("The reply deadline cannot be in the past."))
    unit = unit or case.owning_unit
    if unit is None:
        raise ActionRefused(
            _(
                "This case has not been assigned to a unit yet: assign it before "
                "issuing a supervision order."
            )
        )
    requirements = requirements.strip()
    if not requirements:
        raise ActionRefused(_("Write what the unit must do."))

    order = SupervisionOrder(
        case=case,
        unit=unit,
        phase=phase,
        requirements=requirements,
        deadline=deadline,
        trigger=trigger,
        trigger_ref=trigger_ref if automatic else "",
        issued_by=actor,
        issued_at=timezone.now(),
    )
    if automatic:
        try:
            with transaction.atomic():  # a savepoint: a concurrent run may win
                order.save()
        except IntegrityError:
            winner = _automatic_order(case, trigger, trigger_ref)
            if winner is None:
                raise  # another constraint failed: not a lost race
            return winner
    else:
        order.save()
    order.number = f"DB{timezone.localdate(order.issued_at):%Y}{order.pk:06d}"
    order.save(update_fields=["number"])

    notify(
        users=list(_unit_liaisons(unit)),
        key=f"order:{order.pk}",
        title=_("Supervision order %(number)s: reply by %(deadline)s")
        % {"number": order.number, "deadline": f"{deadline:%Y-%m-%d}"},
        body=_("Case %(case)s. %(requirements)s")
        % {"case": str(case), "requirements": requirements},
        url=order.get_absolute_url(),
    )
    return order


@transaction.atomic
def order_reply(
    *,
    order: SupervisionOrder,
    actor: User,
    reply: str,
    expected_version: int | None = None,
) -> SupervisionOrder:
    """The unit answers the order (回复); it may amend its answer until closed.

    A reply written on `expected_version` is refused if the order changed since
    (another reply, or the closing): the later writer does not overwrite unseen.
    """
    order = _lock(order)
    if not access.can(actor, "order.reply", order):
        raise ActionRefused(_("Only the unit ordered can reply to this order."))
    if order.status == Status.CLOSED:
        raise ActionRefused(_("This order is closed: it can no longer be replied to."))
    reply = reply.strip()
    if not reply:
        raise ActionRefused(_("Write the reply."))
    if order.status == Status.REPLIED and order.reply == reply:
        return order  # the same answer twice: nothing changes
    _check_version(order, expected_version)
    amended = order.status == Status.REPLIED
    order.reply = reply
    order.replied_by = actor
    order.replied_at = timezone.now()
    order.status = Status.REPLIED
    order.version += 1
    order.save(update_fields=["reply", "replied_by", "replied_at", "status", "version"])

    recipients = [order.issued_by] if order.issued_by else list(_bureau_clerks())
    title = (
        _("Supervision order %(number)s: the reply was amended")
        if amended
        else _("Supervision order %(number)s has been replied to")
    ) % {"number": order.number}
    notify(
        users=recipients,
        key=f"order-reply:{order.pk}:{order.replied_at:%Y%m%d%H%M%S%f}",
        title=title,
        body=_("%(unit)s: %(reply)s") % {"unit": str(order.unit), "reply": reply},
        url=order.get_absolute_url(),
    )
    return order


@transaction.atomic
def order_close(
    *, order: SupervisionOrder, actor: User, expected_version: int | None = None
) -> SupervisionOrder:
    """The bureau accepts the reply and closes the order (办结).

    Closing on `expected_version` is refused if the reply was amended since: the
    bureau accepts only a reply it has read.
    """
    order = _lock(order)
    if not access.can(actor, "order.close", order):
        raise ActionRefused(_("Only the petition bureau can close supervision orders."))
    if order.status == Status.CLOSED:
        return order
    if order.status != Status.REPLIED:
        raise ActionRefused(
            _(
                "The unit has not replied yet: record its reply before closing "
                "the order."
            )
        )
    _check_version(order, expected_version)
    order.status = Status.CLOSED
    order.version += 1
    order.save(update_fields=["status", "version"])
    return order


# --- accountability and commendation ---------------------------------------------


@transaction.atomic
def record_create(
    *,
    actor: User,
    kind: str,
    unit: Unit,
    person: str,
    case: Case | None,
    decided_on: datetime.date,
    description: str,
) -> AccountabilityRecord:
    """Record an accountability decision (问责) or a commendation (奖励)."""
    if not access.can(actor, "record.manage"):
        raise ActionRefused(
            _("Only the petition bureau can record accountability and commendations.")
        )
    if kind not in AccountabilityRecord.Kind.values:
        raise ActionRefused(_("Choose accountability or commendation."))
    if decided_on > timezone.localdate():
        raise ActionRefused(_("The decision date cannot be in the future."))
    description = description.strip()
    if not description:
        raise ActionRefused(_("Describe what was decided and why."))
    return AccountabilityRecord.objects.create(
        kind=kind,
        unit=unit,
        person=person.strip(),
        case=case,
        decided_on=decided_on,
        description=description,
        recorded_by=actor,
    )
