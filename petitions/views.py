"""Petition pages for the bureau, and the public progress page (阳光信访)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common import access
from common.errors import ActionRefused, EditConflict
from common.pagination import paginate
from common.ratelimit import Throttle
from petitions import selectors, services
from petitions.filters import PetitionFilter
from petitions.forms import (
    DecisionForm,
    PetitionerFormSet,
    PetitionForm,
    PublicQueryForm,
    ReceptionDayForm,
)
from petitions.models import ReceptionDay

PAGE_SIZE = 25
PUBLIC_THROTTLE = Throttle("public-query")


@login_required
@require_GET
def petition_list(request):
    access.require(request.user, "petition.list")
    filterset = PetitionFilter(
        request.GET or None, queryset=selectors.petition_list(request.user)
    )
    page, query = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "petitions/petition_list.html",
        {
            "filterset": filterset,
            "page": page,
            "petitions": page.object_list,
            "today": timezone.localdate(),
            "query": query,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def petition_register(request):
    """Two steps: check (shows likely existing cases, saves nothing), then save."""
    access.require(request.user, "petition.register")
    data = request.POST if request.method == "POST" else None
    form = PetitionForm(data, user=request.user)
    people = PetitionerFormSet(data, prefix="people")
    candidates = None
    link_error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid() and people.is_valid():
            persons = [
                services.PersonInput(**f.cleaned_data)
                for f in people.forms
                if f.cleaned_data
            ]
            candidates = selectors.likely_cases(
                user=request.user,
                id_numbers=[p.id_number for p in persons],
                title=form.cleaned_data["proposed_title"],
                content=form.cleaned_data["content"],
                demands=form.cleaned_data["demands"],
            )
            if request.POST.get("action") == "save":
                link = request.POST.get("link", "")
                attach_to = None
                if link != "new":
                    allowed = {str(c.case.pk): c.case for c in candidates}
                    attach_to = allowed.get(link)
                    if attach_to is None:
                        link_error = _(
                            "Choose an existing case to attach to, or open a new case."
                        )
                if not link_error:
                    try:
                        petition = services.petition_register(
                            actor=request.user,
                            people=persons,
                            attach_to=attach_to,
                            **form.cleaned_data,
                        )
                    except ActionRefused as refusal:
                        form.add_error(None, refusal.message)
                        status = 400
                    else:
                        messages.success(
                            request,
                            _("Petition %(number)s registered. Query code: %(code)s.")
                            % {"number": petition.number, "code": petition.query_code},
                        )
                        return redirect(petition.get_absolute_url())
                else:
                    status = 400
        else:
            status = 400
    return render(
        request,
        "petitions/petition_register.html",
        {
            "form": form,
            "people": people,
            "candidates": candidates,
            "link_error": link_error,
            "chosen_link": request.POST.get("link", "") if data else "",
        },
        status=status,
    )


@login_required
@require_GET
def petition_detail(request, pk):
    petition = selectors.petition_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "can_decide": access.can(request.user, "petition.decide")
            and not petition.is_decided,
            "can_reveal": access.can(request.user, "petition.reveal"),
            "revealed": {},
        },
    )


@login_required
@require_http_methods(["POST"])
def petitioner_reveal(request, pk, person):
    """Show one petitioner's full ID number, phone and address; logged."""
    petition = selectors.petition_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "petition.reveal")
    petitioner = next((p for p in petition.petitioners.all() if p.pk == person), None)
    if petitioner is None:
        petitioner = selectors.petitioner_get_for_user(user=request.user, pk=person)
    revealed = services.petitioner_reveal(petitioner=petitioner, actor=request.user)
    response = render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "can_decide": access.can(request.user, "petition.decide")
            and not petition.is_decided,
            "can_reveal": True,
            "revealed": {petitioner.pk: revealed},
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def petition_decide(request, pk):
    petition = selectors.petition_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "petition.decide")
    form = DecisionForm(request.POST or None, petition=petition)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.petition_decide(
                    petition=petition, actor=request.user, **form.cleaned_data
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
                status = 400
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect(petition.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "petitions/petition_decide.html",
        {"petition": petition, "form": form},
        status=status,
    )


@login_required
@require_GET
def petition_receipt(request, pk):
    """登记回执: what the petitioner takes home, with the query code."""
    petition = selectors.petition_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "petition.register")
    return render(request, "petitions/print_receipt.html", {"petition": petition})


@login_required
@require_GET
def petition_notice(request, pk):
    """受理/不予受理/转送/交办告知书: the written notice of the decision."""
    petition = selectors.petition_get_for_user(user=request.user, pk=pk)
    access.require(request.user, "petition.decide")
    if not petition.is_decided:
        messages.error(request, _("Decide on the petition before printing the notice."))
        return redirect(petition.get_absolute_url())
    return render(request, "petitions/print_notice.html", {"petition": petition})


# --- reception days -----------------------------------------------------------------


@login_required
@require_GET
def reception_day_list(request):
    access.require(request.user, "reception.manage")
    days = selectors.reception_days_for_choice(request.user)
    return render(request, "petitions/reception_days.html", {"days": days[:100]})


@login_required
@require_http_methods(["GET", "POST"])
def reception_day_edit(request, pk=None):
    access.require(request.user, "reception.manage")
    day = None
    initial = {}
    if pk is not None:
        day = access.get_for_user(request.user, ReceptionDay.objects.all(), pk=pk)
        initial = {
            "leader": day.leader_id,
            "date": day.date,
            "start_time": day.start_time,
            "end_time": day.end_time,
            "place": day.place,
            "topics": day.topics,
            "is_published": day.is_published,
            "version": day.version,
        }
    form = ReceptionDayForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.reception_day_save(
                    actor=request.user,
                    reception_day=day,
                    expected_version=version,
                    **data,
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
                # Someone saved first: 409, as on the case pages.
                status = 409 if isinstance(refusal, EditConflict) else 400
            else:
                messages.success(request, _("The reception day has been saved."))
                return redirect("petitions:reception_days")
        else:
            status = 400
    return render(
        request,
        "petitions/reception_day_form.html",
        {"form": form, "day": day},
        status=status,
    )


# --- public pages (no login) --------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def public_query(request):
    """阳光信访: query code + last four phone digits → progress. Nothing personal."""
    form = PublicQueryForm(request.POST or None)
    result = None
    not_found = False
    status = 200
    if request.method == "POST":
        verdict = PUBLIC_THROTTLE.check(request)
        if not verdict.allowed:
            if verdict.blocked:
                message = _(
                    "Too many tries from this network. Please try again in "
                    "%(minutes)d minutes, or call the petition bureau."
                ) % {"minutes": max(1, verdict.wait_seconds // 60)}
            else:
                message = _("Please wait %(seconds)d seconds before trying again.") % {
                    "seconds": verdict.wait_seconds
                }
            return render(
                request,
                "petitions/public_query.html",
                {"form": form, "throttled": message},
                status=429,
            )
        if form.is_valid():
            petition = services.public_lookup(
                code=form.cleaned_data["code"],
                phone_last4=form.cleaned_data["phone_last4"],
            )
            if petition is None:
                not_found = True
            else:
                result = selectors.open_for_query(petition)
        else:
            not_found = True
        if not_found:
            status = 404
    return render(
        request,
        "petitions/public_query.html",
        {"form": form, "result": result, "not_found": not_found},
        status=status,
    )


@require_GET
def public_reception_days(request):
    days = selectors.reception_days_upcoming(public=True)
    return render(request, "petitions/public_reception_days.html", {"days": days})
