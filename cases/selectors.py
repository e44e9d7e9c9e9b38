"""Every read of cases that a view, export or task needs, scoped by the gate."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Unit, User
from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Category,
    ClosingSubmission,
    Instruction,
    LeaderVisit,
    LookBack,
    Measure,
    ProgressEntry,
    ResolutionChannel,
    ReviewRequest,
    Tag,
)
from common import access
from common.roles import Role


def cases_visible_to(user) -> QuerySet[Case]:
    return access.scope(user, Case.objects.all())


def case_list(user) -> QuerySet[Case]:
    """The case list: what the table shows, in a fixed number of queries."""
    return (
        cases_visible_to(user)
        .select_related("category", "owning_unit", "leader")
        .prefetch_related("tags")
        .only(
            "id",
            "number",
            "title",
            "is_key",
            "stage",
            "status",
            "opened_on",
            "due_date",
            "updated_at",
            "last_progress_at",
            "category__name",
            "owning_unit__name",
            "leader__name",
            "leader__username",
        )
    )


def my_cases_q(user) -> Q:
    """ "My cases": a leader's own, area and sector cases; a liaison's own unit's."""
    if user.role == Role.LEADER:
        return access.leader_cases_q(user)
    if user.role == Role.LIAISON:
        return Q(owning_unit_id=user.unit_id)
    return Q(pk__in=[])


def case_get_for_user(*, user, pk) -> Case:
    """One case with everything its detail page shows; 404 outside the scope."""
    return access.get_for_user(
        user,
        Case.objects.annotate(events_total=_events_total())
        .select_related(
            "category",
            "owning_unit",
            "leader",
            "created_by",
            "root_cause__updated_by",
            "plan__updated_by",
        )
        .prefetch_related(
            "tags",
            "co_units",
            "plan__channels",
            Prefetch("measures", queryset=Measure.objects.order_by("due_date", "id")),
            Prefetch(
                "progress", queryset=ProgressEntry.objects.select_related("author")
            ),
            Prefetch(
                "closings",
                queryset=ClosingSubmission.objects.select_related(
                    "submitted_by", "decided_by"
                ),
            ),
            Prefetch(
                "lookbacks", queryset=LookBack.objects.select_related("recorded_by")
            ),
            Prefetch(
                "instructions",
                queryset=Instruction.objects.select_related("leader", "answered_by"),
            ),
            Prefetch("visits", queryset=LeaderVisit.objects.select_related("leader")),
            Prefetch(
                "attachments", queryset=Attachment.objects.select_related("uploaded_by")
            ),
            "extensions__requested_by",
            Prefetch(
                "reviews",
                queryset=ReviewRequest.objects.prefetch_related("hearings"),
            ),
            # The petitions behind the case (a higher floor's rows, named by
            # their relation only).
            "petitions__petitioners",
        ),
        pk=pk,
    )


def _events_total() -> Coalesce:
    """How many timeline events a case has, as a subquery of the case query."""
    counted = (
        CaseEvent.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def case_timeline(case) -> QuerySet[CaseEvent]:
    """A case's timeline, newest first, with who acted. The detail page and the
    sheet show its head (a case can gather hundreds of events); the timeline
    page pages through it."""
    return (
        case.events.select_related("actor")
        .only(
            "id",
            "case_id",
            "kind",
            "created_at",
            "reason",
            "data",
            "actor__name",
            "actor__username",
        )
        .order_by("-created_at", "-id")
    )


def case_get_for_action(*, user, pk) -> Case:
    """The case an action form works on: scoped, with what permissions need."""
    return access.get_for_user(
        user,
        Case.objects.select_related(
            "category", "owning_unit", "leader"
        ).prefetch_related("co_units", "tags"),
        pk=pk,
    )


def extension_get_for_user(*, user, case, pk):
    from cases.models import Extension

    return access.get_for_user(user, Extension.objects.filter(case=case), pk=pk)


def review_get_for_user(*, user, case, pk) -> ReviewRequest:
    return access.get_for_user(user, ReviewRequest.objects.filter(case=case), pk=pk)


def hearing_get_for_user(*, user, case, pk):
    from cases.models import Hearing

    return access.get_for_user(
        user, Hearing.objects.filter(review__case=case).select_related("review"), pk=pk
    )


def measure_get_for_user(*, user, case, pk) -> Measure:
    return access.get_for_user(user, Measure.objects.filter(case=case), pk=pk)


def lookback_get_for_user(*, user, case, pk) -> LookBack:
    return access.get_for_user(user, LookBack.objects.filter(case=case), pk=pk)


def instruction_get_for_user(*, user, case, pk) -> Instruction:
    return access.get_for_user(user, Instruction.objects.filter(case=case), pk=pk)


def attachment_get_for_user(*, user, case_pk, pk) -> Attachment:
    return access.get_for_user(user, Attachment.objects.filter(case_id=case_pk), pk=pk)


# --- choices for forms and filters -----------------------------------------------


def assignable_units() -> QuerySet[Unit]:
    # Only what a choice needs: a province has a thousand of them.
    return (
        Unit.objects.filter(
            is_active=True, kind__in=[Unit.Kind.TOWNSHIP, Unit.Kind.DEPARTMENT]
        )
        .order_by("kind", "sort_order", "name")
        .only("id", "name", "kind", "sort_order")
    )


def leaders() -> QuerySet[User]:
    return User.objects.filter(role=Role.LEADER, is_active=True).order_by("username")


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def active_tags() -> QuerySet[Tag]:
    return Tag.objects.filter(is_active=True)


def active_channels() -> QuerySet[ResolutionChannel]:
    return ResolutionChannel.objects.filter(is_active=True)


def open_work_counts(user) -> dict:
    """Counts for the workbench, one query."""
    today = timezone.localdate()
    qs = cases_visible_to(user)
    return qs.aggregate(
        new=Count("pk", filter=Q(status=Case.Status.NEW)),
        in_progress=Count("pk", filter=Q(status=Case.Status.IN_PROGRESS)),
        closing_submitted=Count("pk", filter=Q(status=Case.Status.CLOSING_SUBMITTED)),
        overdue=Count(
            "pk",
            filter=Q(due_date__lt=today) & ~Q(status=Case.Status.CLOSED),
        ),
        key=Count("pk", filter=Q(is_key=True) & ~Q(status=Case.Status.CLOSED)),
    )
