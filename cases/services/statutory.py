"""The statutory clock on cases: acceptance, extension, review and re-review.

Deadlines are computed by `common.deadlines.Clock` from the admin-edited table
and calendar; `recompute_case_deadlines` runs when either changes.
"""

import datetime

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import (
    Case,
    CaseEvent,
    ClosingSubmission,
    Extension,
    Hearing,
    ReviewRequest,
)
from cases.services._base import Kind, Status, _event, _lock, _save
from common.cache import bump_on_commit
from common.clock import Deadline, paused_days
from common.deadlines import Clock
from common.errors import ActionRefused

REVIEW_CODES = {
    ReviewRequest.Kind.REVIEW: ("review_request", "review_reply"),
    ReviewRequest.Kind.REREVIEW: ("rereview_request", "rereview_reply"),
}


def _extension_days(case: Case) -> int:
    return (
        case.extensions.filter(status=Extension.Status.APPROVED).aggregate(
            days=Sum("days")
        )["days"]
        or 0
    )


def case_deadline(case: Case, clock: Clock, extension_days=None) -> Deadline | None:
    """60 days from acceptance, plus an approved extension; None before acceptance."""
    if case.accepted_on is None:
        return None
    if extension_days is None:
        extension_days = _extension_days(case)
    return clock.deadline("handle", case.accepted_on, extension_days=extension_days)


def reply_date(case: Case) -> datetime.date | None:
    """The day the petitioner was answered: the approval of the latest closing."""
    closing = (
        case.closings.filter(decision=ClosingSubmission.Decision.APPROVED)
        .order_by("-decided_at")
        .first()
    )
    return timezone.localdate(closing.decided_at) if closing else None


def review_deadline(review: ReviewRequest, clock: Clock, today=None) -> Deadline:
    today = today or timezone.localdate()
    paused = paused_days(
        [(h.started_on, h.ended_on) for h in review.hearings.all()], today
    )
    return clock.deadline(
        REVIEW_CODES[review.kind][1], review.requested_on, paused_days=paused
    )


@transaction.atomic
def case_accept(
    *, case: Case, actor: User, accepted_on: datetime.date, clock: Clock | None = None
) -> Case:
    """A petition behind the case was accepted: the 60-day clock starts."""
    case = _lock(case)
    if case.no_further_acceptance:
        raise ActionRefused(
            _(
                "This matter has been through re-review and is not accepted again "
                "(信访工作条例 第三十六条)."
            )
        )
    if case.accepted_on is not None:
        return case
    clock = clock or Clock.load()
    case.accepted_on = accepted_on
    deadline = case_deadline(case, clock, extension_days=0)
    old_due = case.due_date
    case.due_date = deadline.due
    _save(case, "accepted_on", "due_date")
    changes = {}
    if old_due != case.due_date:
        changes["due_date"] = [str(old_due or "—"), str(case.due_date)]
    _event(case, Kind.ACCEPTED, actor, accepted_on=str(accepted_on), changes=changes)
    return case


def _set_due(case: Case, clock: Clock, actor, reason="") -> None:
    deadline = case_deadline(case, clock)
    if deadline and deadline.due != case.due_date:
        old = case.due_date
        case.due_date = deadline.due
        _save(case, "due_date")
        _event(
            case,
            Kind.DEADLINE_CHANGED,
            actor,
            reason,
            changes={"due_date": [str(old or "—"), str(case.due_date)]},
        )


# --- extension ----------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *, case: Case, actor: User, days: int, reason: str, clock: Clock | None = None
) -> Extension:
    clock = clock or Clock.load()
    case = _lock(case)
    if case.status not in (Status.IN_PROGRESS, Status.CLOSING_SUBMITTED):
        raise ActionRefused(_("Only an open case can be extended."))
    if case.accepted_on is None:
        raise ActionRefused(
            _(
                "Only a case with a statutory deadline (an accepted petition) is "
                "extended."
            )
        )
    limit = clock.days("extension_max")
    if not 1 <= days <= limit:
        raise ActionRefused(
            _("An extension is between 1 and %(max)d days.") % {"max": limit}
        )
    if not reason.strip():
        raise ActionRefused(_("Give the reason for the extension."))
    if case.extensions.exclude(status=Extension.Status.REJECTED).exists():
        raise ActionRefused(_("A case can be extended only once."))
    extension = Extension.objects.create(
        case=case, days=days, reason=reason, requested_by=actor
    )
    _event(case, Kind.EXTENSION_REQUESTED, actor, reason, days=days)
    return extension


@transaction.atomic
def extension_decide(
    *,
    extension: Extension,
    actor: User,
    approve: bool,
    note: str = "",
    clock: Clock | None = None,
) -> Extension:
    clock = clock or Clock.load()
    case = _lock(extension.case)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    wanted = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    if extension.status == wanted:
        return extension
    if extension.status != Extension.Status.PENDING:
        raise ActionRefused(_("This extension has already been decided."))
    if not approve and not note.strip():
        raise ActionRefused(_("Give the reason for rejecting the extension."))
    extension.status = wanted
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note"]
    )
    _event(
        case,
        Kind.EXTENSION_DECIDED,
        actor,
        note,
        days=extension.days,
        approved=approve,
    )
    if approve:
        _set_due(case, clock, actor, note)
    return extension


# --- review (复查) and re-review (复核) ------------------------------------------


@transaction.atomic
def review_request(
    *,
    case: Case,
    actor: User,
    kind: str,
    requested_on: datetime.date,
    reviewing_body: str,
    clock: Clock | None = None,
) -> ReviewRequest:
    """The petitioner asks for a review of the reply, or a re-review of the review."""
    clock = clock or Clock.load()
    case = _lock(case)
    today = timezone.localdate()
    if requested_on > today:
        raise ActionRefused(_("The request date cannot be in the future."))
    if case.status != Status.CLOSED:
        raise ActionRefused(_("A review is asked for after the case was answered."))
    if case.reviews.filter(kind=kind).exists():
        raise ActionRefused(_("This request has already been recorded."))
    request_code = REVIEW_CODES[kind][0]
    if kind == ReviewRequest.Kind.REVIEW:
        answered = reply_date(case)
    else:
        review = case.reviews.filter(kind=ReviewRequest.Kind.REVIEW).first()
        if review is None or review.replied_on is None:
            raise ActionRefused(_("A re-review follows an answered review."))
        answered = review.replied_on
    window = clock.deadline(request_code, answered)
    if not answered <= requested_on <= window.due:
        raise ActionRefused(
            _(
                "The request is outside the time allowed: it had to be made between "
                "%(start)s and %(end)s."
            )
            % {"start": answered, "end": window.due}
        )
    review = ReviewRequest(
        case=case,
        kind=kind,
        requested_on=requested_on,
        reviewing_body=reviewing_body,
        recorded_by=actor,
        reply_due=requested_on,
    )
    review.reply_due = clock.deadline(REVIEW_CODES[kind][1], requested_on).due
    review.save()
    _event(
        case,
        Kind.REVIEW_REQUESTED,
        actor,
        review_kind=kind,
        requested_on=str(requested_on),
        reply_due=str(review.reply_due),
    )
    return review


@transaction.atomic
def review_reply(
    *, review: ReviewRequest, actor: User, replied_on: datetime.date, result: str
) -> ReviewRequest:
    case = _lock(review.case)
    review = ReviewRequest.objects.select_for_update().get(pk=review.pk)
    if review.replied_on is not None:
        raise ActionRefused(_("This request has already been answered."))
    if not review.requested_on <= replied_on <= timezone.localdate():
        raise ActionRefused(_("The answer date must be between the request and today."))
    if review.hearings.filter(ended_on__isnull=True).exists():
        raise ActionRefused(_("End the hearing before recording the answer."))
    if not result.strip():
        raise ActionRefused(_("Write the result of the review."))
    review.replied_on = replied_on
    review.result = result
    review.save(update_fields=["replied_on", "result"])
    _event(case, Kind.REVIEW_REPLIED, actor, result, review_kind=review.kind)
    if review.kind == ReviewRequest.Kind.REREVIEW and not case.no_further_acceptance:
        case.no_further_acceptance = True
        _save(case, "no_further_acceptance")
    return review


@transaction.atomic
def hearing_start(
    *, review: ReviewRequest, actor: User, started_on: datetime.date
) -> Hearing:
    case = _lock(review.case)
    if review.replied_on is not None:
        raise ActionRefused(_("The request has already been answered."))
    if review.hearings.filter(ended_on__isnull=True).exists():
        raise ActionRefused(_("A hearing is already under way."))
    if not review.requested_on <= started_on <= timezone.localdate():
        raise ActionRefused(
            _("The hearing date must be between the request and today.")
        )
    hearing = Hearing.objects.create(review=review, started_on=started_on)
    _event(case, Kind.HEARING, actor, started_on=str(started_on))
    return hearing


@transaction.atomic
def hearing_end(
    *,
    hearing: Hearing,
    actor: User,
    ended_on: datetime.date,
    clock: Clock | None = None,
) -> Hearing:
    """The hearing ended: its days do not count, the reply is due later."""
    clock = clock or Clock.load()
    review = hearing.review
    case = _lock(review.case)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if hearing.ended_on is not None:
        return hearing
    if not hearing.started_on <= ended_on <= timezone.localdate():
        raise ActionRefused(
            _("The end of the hearing must be between its start and today.")
        )
    hearing.ended_on = ended_on
    hearing.save(update_fields=["ended_on"])
    old = review.reply_due
    review.reply_due = review_deadline(review, clock).due
    review.save(update_fields=["reply_due"])
    _event(
        case,
        Kind.HEARING,
        actor,
        started_on=str(hearing.started_on),
        ended_on=str(ended_on),
        changes={"reply_due": [str(old), str(review.reply_due)]},
    )
    return hearing


# --- recomputation when the calendar or the table changes ---------------------------


def recompute_case_deadlines(clock: Clock, actor: User) -> int:
    """Recompute the due dates still running; one timeline event per moved date."""
    approved = Q(extensions__status=Extension.Status.APPROVED)
    open_cases = (
        Case.objects.filter(accepted_on__isnull=False)
        .exclude(status=Status.CLOSED)
        .annotate(approved_days=Sum("extensions__days", filter=approved))
        .only("id", "accepted_on", "due_date", "version")
    )
    moved, events = [], []
    reason = _("The working-day calendar or the time limits changed.")
    for case in open_cases:
        deadline = case_deadline(case, clock, extension_days=case.approved_days or 0)
        if deadline.due == case.due_date:
            continue
        events.append(
            CaseEvent(
                case=case,
                kind=Kind.DEADLINE_CHANGED,
                actor=actor,
                reason=reason,
                data={"changes": {"due_date": [str(case.due_date), str(deadline.due)]}},
            )
        )
        case.due_date = deadline.due
        case.version += 1
        moved.append(case)
    Case.objects.bulk_update(moved, ["due_date", "version"], batch_size=500)
    # Bulk updates send no signals: the cached dashboard counts deadlines.
    bump_on_commit("dashboard", "scorecards")
    CaseEvent.objects.bulk_create(events, batch_size=500)

    moved_reviews = []
    today = timezone.localdate()
    for review in ReviewRequest.objects.filter(
        replied_on__isnull=True
    ).prefetch_related("hearings"):
        due = review_deadline(review, clock, today).due
        if due != review.reply_due:
            review.reply_due = due
            moved_reviews.append(review)
    ReviewRequest.objects.bulk_update(moved_reviews, ["reply_due"], batch_size=500)
    return len(moved) + len(moved_reviews)
