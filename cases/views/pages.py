"""Case pages: the list, opening a case, the detail page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases import filters, forms, selectors, services
from cases.models import Case
from common import access
from common.deadlines import Clock
from common.pagination import COUNT_CAP, paginate

PAGE_SIZE = 25
# The detail page shows the newest events; the timeline page has them all.
TIMELINE_SHOWN = 30
TIMELINE_PAGE_SIZE = 50


@login_required
@require_GET
def case_list(request):
    access.require(request.user, "case.list")
    filterset = filters.CaseFilter(
        request.GET or None,
        queryset=selectors.case_list(request.user),
        user=request.user,
    )
    cases = filterset.qs  # filtering decides whether the search was broad
    # A broad text search is paged through its first RANK_LIMIT matches.
    cap = filters.RANK_LIMIT if filterset.broad_search else COUNT_CAP
    page, query = paginate(request, cases, PAGE_SIZE, cap=cap)
    return render(
        request,
        "cases/case_list.html",
        {
            "filterset": filterset,
            "page": page,
            "cases": page.object_list,
            "query": query,
            "can_create": access.can(request.user, "case.create"),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
def case_create(request):
    access.require(request.user, "case.create")
    form = forms.CaseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = services.case_create(
            actor=request.user,
            title=data["title"],
            summary=data["summary"],
            demands=data["demands"],
            category=data["category"],
            tags=data["tags"],
            is_key=data["is_key"],
            opened_on=data["opened_on"],
        )
        messages.success(
            request,
            _("Case %(number)s opened. Assign it to a unit next.")
            % {"number": case.number},
        )
        return redirect("cases:assign", pk=case.pk)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "title": _("Open a case")},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def case_detail(request, pk):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    user = request.user
    statutory = _statutory_context(case)
    perms = {
        "edit": access.can(user, "case.edit", case),
        "assign": access.can(user, "case.assign", case),
        "work": access.can(user, "case.work", case),
        "help": access.can(user, "case.help", case),
        "review": access.can(user, "case.review", case),
        "instruct": access.can(user, "case.instruct", case),
        "visit": access.can(user, "case.visit", case),
        "extend": access.can(user, "case.extend", case),
        "statutory": access.can(user, "case.statutory", case),
        "petitions": access.can(user, "petition.list"),
    }
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "events": list(selectors.case_timeline(case)[:TIMELINE_SHOWN]),
            "perms": perms,
            "stages": Case.Stage.choices,
            "Status": Case.Status,
            "Stage": Case.Stage,
            "next_stage": _next_stage(case),
            "statutory": statutory,
            "pending_closing": next(
                (c for c in case.closings.all() if c.decision == "pending"), None
            ),
        },
    )


@login_required
@require_GET
def case_timeline(request, pk):
    """Every event of a case, newest first, a page at a time."""
    case = selectors.case_get_for_action(user=request.user, pk=pk)
    page, query = paginate(request, selectors.case_timeline(case), TIMELINE_PAGE_SIZE)
    return render(
        request,
        "cases/case_timeline.html",
        {"case": case, "page": page, "events": page.object_list, "query": query},
    )


def _statutory_context(case) -> dict:
    """The case's deadlines with how each was computed (three queries)."""
    clock = Clock.load()
    today = timezone.localdate()
    extensions = list(case.extensions.all())
    extension_days = sum(e.days for e in extensions if e.status == "approved")
    deadline = services.case_deadline(case, clock, extension_days=extension_days)
    closed = case.status == Case.Status.CLOSED
    context = {
        "deadline": deadline,
        "level": clock.level(case.due_date, today, done=closed),
        "extensions": extensions,
        "can_request_extension": case.accepted_on is not None
        and not closed
        and not any(e.status != "rejected" for e in extensions),
        "reviews": [],
        "review_window": None,
    }
    for review in case.reviews.all():
        review_due = services.review_deadline(review, clock, today)
        context["reviews"].append(
            {
                "review": review,
                "deadline": review_due,
                "level": clock.level(review.reply_due, today, done=not review.is_open),
                "open_hearing": next(
                    (h for h in review.hearings.all() if h.ended_on is None), None
                ),
            }
        )
    approved = [c for c in case.closings.all() if c.decision == "approved"]
    if closed and approved:
        answered = timezone.localdate(max(c.decided_at for c in approved))
        context["review_window"] = clock.deadline("review_request", answered)
        context["not_satisfied"] = approved[0].satisfaction == "not_satisfied"
    context["can_record_review"] = closed and len(context["reviews"]) < 2
    return context


def _next_stage(case):
    order = list(Case.Stage.values)
    index = order.index(case.stage)
    if index + 1 < len(order):
        return order[index + 1], Case.Stage(order[index + 1]).label
    return None
