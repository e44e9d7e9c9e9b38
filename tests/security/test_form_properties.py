"""Every form of the app, driven through its page with Hypothesis.

For each form (the table SPECS), as a user allowed to use it, through the real
URL, view, form and service:

- hostile input (valid posts broken field by field: junk Unicode, NUL bytes,
  very long strings, malformed dates, numbers out of range, unknown choices,
  other objects' ids, several values where one is expected, bytes that are not
  UTF-8, missing fields) never gives a 5xx. It is either refused — the form
  page again (400, 409 for an edit conflict) with each error on the page and
  not a single row of the database changed — or accepted, and then what the
  form accepted is what was stored, and the page redirected to still opens;
- valid input (within each field's documented limits) is accepted and read
  back field by field exactly as given.

Each example runs in a savepoint that is rolled back, so examples share
nothing. A new form cannot be forgotten: `test_every_form_is_covered` lists
every Form class of the project's apps and fails on one missing from SPECS.
"""

import datetime
import functools
import importlib
import inspect
import os
import pkgutil
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms as django_forms
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.formsets import BaseFormSet
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import forms as account_forms
from accounts import two_factor
from accounts.models import Unit, User
from cases import forms as case_forms
from cases import selectors as case_selectors
from cases import services as case_services
from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    ClosingSubmission,
    Extension,
    Hearing,
    Instruction,
    LeaderVisit,
    LookBack,
    Measure,
    ProgressEntry,
    ReviewRequest,
    RootCause,
)
from common.errors import ActionRefused
from petitions import forms as petition_forms
from petitions import services as petition_services
from petitions.models import Petition, PetitionPetitioner, ReceptionDay
from petitions.views import PUBLIC_THROTTLE
from supervision import forms_orders, forms_reports
from supervision.models import (
    AccountabilityRecord,
    DailyReport,
    ReportingPeriod,
    SupervisionOrder,
    UrgentReport,
)
from supervision.services import orders as order_services
from supervision.services import reports as report_services
from tests.conftest import next_totp_code
from tests.factories import PASSWORD
from tests.security import form_strategies as fs

pytestmark = pytest.mark.django_db

# Examples per form; FORM_PROPERTY_EXAMPLES=200 for a deeper search.
HOSTILE_EXAMPLES = int(os.environ.get("FORM_PROPERTY_EXAMPLES", 20))
VALID_EXAMPLES = max(HOSTILE_EXAMPLES // 2, 5)
CASE_TITLE = "东湖镇征地补偿纠纷"


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


# --- the objects the forms work on -------------------------------------------------


def built(method):
    """A lazily built object of the world. Objects are built before the examples
    run (a spec names them in `needs`): one built inside an example would be
    rolled back with it."""
    name = method.__name__

    @functools.wraps(method)
    def getter(self):
        if name not in self._built:
            if self._frozen:
                raise AssertionError(
                    f"world.{name} is used but not in the spec's needs"
                )
            self._built[name] = method(self)
        return self._built[name]

    return property(getter)


class World:
    """The users, and the objects each form works on, built on demand."""

    def __init__(self, request):
        get = request.getfixturevalue
        self.clerk = get("clerk")
        self.liaison = get("liaison")  # of 东湖镇, which owns the cases
        self.leader = get("leader")
        self.township = get("township")
        get("other_township")  # a second unit to assign to and report for
        self.make_case = get("make_case")
        self._built = {}
        self._frozen = False

    def freeze(self):
        self._frozen = True

    def _answered_case(self):
        """A closed case whose reply is ten days old: review requests fit."""
        case = self.make_case("closed")
        ClosingSubmission.objects.filter(case=case).update(
            decided_at=timezone.now() - datetime.timedelta(days=10)
        )
        return case

    def _accepted_case(self):
        case = self.make_case("in_progress")
        return case_services.case_accept(
            case=case, actor=self.clerk, accepted_on=days_ago(3)
        )

    @built
    def new_case(self):
        return self.make_case("new")

    @built
    def in_progress(self):
        return self.make_case("in_progress")

    @built
    def prescription(self):
        return self.make_case("prescription")

    @built
    def follow_up(self):
        return self.make_case("follow_up")

    @built
    def submitted(self):
        return self.make_case("closing_submitted")

    @built
    def closed(self):
        return self.make_case("closed")

    @built
    def lookback(self):
        return self.closed.lookbacks.order_by("due_date").first()

    @built
    def accepted(self):
        return self._accepted_case()

    @built
    def extension(self):
        return case_services.extension_request(
            case=self._accepted_case(), actor=self.liaison, days=10, reason="补充调查"
        )

    @built
    def answered(self):
        return self._answered_case()

    @built
    def review(self):
        return case_services.review_request(
            case=self._answered_case(),
            actor=self.clerk,
            kind="review",
            requested_on=days_ago(5),
            reviewing_body="县人民政府",
        )

    @built
    def hearing(self):
        review = case_services.review_request(
            case=self._answered_case(),
            actor=self.clerk,
            kind="review",
            requested_on=days_ago(5),
            reviewing_body="县人民政府",
        )
        return case_services.hearing_start(
            review=review, actor=self.clerk, started_on=days_ago(3)
        )

    @built
    def instruction(self):
        return case_services.instruction_add(
            case=self.in_progress, actor=self.leader, content="尽快入户核实"
        )

    @built
    def reception_day(self):
        return petition_services.reception_day_save(
            actor=self.clerk,
            leader=self.leader,
            date=days_ago(1),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
            place="接待厅",
        )

    @built
    def petition(self):
        return petition_services.petition_register(
            actor=self.clerk,
            channel="visit",
            received_at=timezone.now() - datetime.timedelta(hours=2),
            people=[petition_services.PersonInput(name="赵信访", phone="13900001234")],
            content="反映宅基地纠纷",
        )

    @built
    def period(self):
        return report_services.period_declare(
            actor=self.clerk, name="两会", start_date=days_ago(20), end_date=today()
        )

    @built
    def order(self):
        return order_services.order_issue(
            actor=self.clerk,
            case=self.in_progress,
            phase="during",
            requirements="三日内书面报告",
            deadline=today() + datetime.timedelta(days=3),
        )

    @built
    def replied_order(self):
        order = order_services.order_issue(
            actor=self.clerk,
            case=self.in_progress,
            phase="during",
            requirements="三日内书面报告",
            deadline=today() + datetime.timedelta(days=3),
        )
        return order_services.order_reply(
            order=order, actor=self.liaison, reply="已入户核实"
        )

    @built
    def enrolment(self):
        """The authenticator the liaison is setting up."""
        return two_factor.enrol_begin(actor=self.liaison)

    @built
    def device(self):
        """The liaison's authenticator, in use."""
        return TOTPDevice.objects.create(
            user=self.liaison, name=two_factor.DEVICE_NAME, confirmed=True
        )

    @built
    def pks(self):
        """Ids of every kind of object: other objects' ids make good junk."""
        ids = set(Unit.objects.values_list("pk", flat=True))
        ids |= set(User.objects.values_list("pk", flat=True))
        ids |= set(Case.objects.values_list("pk", flat=True))
        return sorted(ids)


@pytest.fixture
def world(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(request)


# --- the table of forms ------------------------------------------------------------


@dataclass
class Spec:
    """One form on one page, and how to use it.

    `valid(w)` gives a strategy of Python values keyed by field name; `read(w)`
    reads back what was stored after an accepted post, as a dict whose keys
    `expect(w, values, post)` also gives (by default: the values themselves).
    """

    name: str
    forms: tuple
    url: Any
    user: str | None
    valid: Any
    needs: tuple = ()
    read: Any = None
    expect: Any = None
    creates: type | None = None
    versioned: Any = None  # the object whose version a versioned form carries
    encode: Any = fs.encode
    fields: Any = None  # form fields for hostile values; default the form's own
    cleaned: Any = None  # the values a request's forms accepted
    method: str = "post"
    accepted: frozenset = frozenset({302})
    refused: frozenset = frozenset({400, 409})
    # A page that only shows something and saves nothing (registration's check).
    previewed: frozenset = frozenset()
    loose: frozenset = frozenset()  # compared with valid input only
    check_refused: Any = None  # default: each form error is on the page
    check_accepted: Any = None  # extra checks of an accepted response
    follow: bool = True
    relogin: bool = False  # the form changes the session: sign in for each example
    login: Any = None  # how the user signs in, if not with the client's force_login

    def __str__(self):
        return self.name

    def prepare(self, w):
        for name in self.needs:
            getattr(w, name)
        w.pks  # noqa: B018
        self.url(w)
        w.freeze()

    def field_map(self, w):
        if self.fields:
            return self.fields(w)
        return dict(self.forms[0].base_fields)

    def post(self, w, values):
        post = self.encode(values)
        if "version" in self.forms[0].base_fields and self.versioned:
            obj = self.versioned(w)
            post["version"] = str(type(obj).objects.get(pk=obj.pk).version)
        return post

    def values_from(self, seen):
        if self.cleaned:
            return self.cleaned(seen)
        form = next(
            f
            for f in reversed(seen)
            if isinstance(f, self.forms[0]) and hasattr(f, "cleaned_data")
        )
        return dict(form.cleaned_data)

    def expected(self, w, values, post):
        if self.expect:
            return self.expect(w, values, post)
        return dict(values)


def latest(model, **lookup):
    return model.objects.filter(**lookup).latest("pk")


def newest_event_reason(case, kind):
    event = CaseEvent.objects.filter(case=case, kind=kind).order_by("-pk").first()
    return event.reason if event else None


def case_url(name, attr, item=None):
    def url(w):
        args = [getattr(w, attr).pk]
        if item:
            args.append(getattr(w, item).pk)
        return reverse(name, args=args)

    return url


def case_of(attr):
    return lambda w: getattr(w, attr)


def units(w):
    return list(case_selectors.assignable_units())


# Case details (create and edit).


def v_details(w):
    return {
        "title": fs.text(200).filter(lambda s: s != CASE_TITLE),
        "summary": fs.long_text(),
        "demands": fs.optional_text(),
        "category": st.sampled_from(list(case_selectors.active_categories())),
        "tags": fs.subset(list(case_selectors.active_tags())),
        "is_key": st.booleans(),
    }


def read_details(case):
    return {
        "title": case.title,
        "summary": case.summary,
        "demands": case.demands,
        "category": case.category,
        "tags": list(case.tags.all()),
        "is_key": case.is_key,
    }


def v_create(w):
    return st.fixed_dictionaries(
        {**v_details(w), "opened_on": fs.dates(max_value=today())}
    )


def read_create(w):
    case = latest(Case)
    return {**read_details(case), "opened_on": case.opened_on}


def v_edit(w):
    return st.fixed_dictionaries({**v_details(w), "reason": fs.optional_text()})


def read_edit(w):
    case = Case.objects.get(pk=w.in_progress.pk)
    return {
        **read_details(case),
        "reason": newest_event_reason(case, CaseEvent.Kind.DETAILS_CHANGED),
    }


# Assigning.


@st.composite
def v_assign(draw, w):
    choices = units(w)
    owner = draw(st.sampled_from(choices))
    return {
        "owning_unit": owner,
        "co_units": draw(fs.subset([u for u in choices if u != owner])),
        "leader": draw(st.sampled_from([None, w.leader])),
        "due_date": draw(fs.dates(today(), today() + datetime.timedelta(days=366))),
        "reason": draw(fs.optional_text()),
    }


def read_assign(w):
    case = Case.objects.get(pk=w.new_case.pk)
    return {
        "owning_unit": case.owning_unit,
        "co_units": list(case.co_units.all()),
        "leader": case.leader,
        "due_date": case.due_date,
        "status": case.status,
        "reason": newest_event_reason(case, CaseEvent.Kind.ASSIGNED),
    }


def expect_assign(w, values, post):
    owner = values["owning_unit"]
    return {
        **values,
        "co_units": [u for u in values["co_units"] if u != owner],
        "status": Case.Status.IN_PROGRESS,
    }


# The three stages.

ROOT_CAUSE_KEYS = ("mechanism", "conduct", "methods", "history")


def v_root_cause(w):
    return st.fixed_dictionaries(
        {k: fs.optional_text(2000) for k in ROOT_CAUSE_KEYS}
    ).filter(lambda v: any(v[k] for k in ROOT_CAUSE_KEYS[:3]))


def read_root_cause(w):
    record = RootCause.objects.get(case=w.in_progress)
    return {k: getattr(record, k) for k in ROOT_CAUSE_KEYS}


def v_plan(w):
    return st.fixed_dictionaries(
        {
            "strategy": fs.optional_text(2000),
            "channels": fs.subset(list(case_selectors.active_channels()), min_size=1),
        }
    )


def read_plan(w):
    plan = Case.objects.get(pk=w.prescription.pk).plan
    return {"strategy": plan.strategy, "channels": list(plan.channels.all())}


def v_measure(w):
    return st.fixed_dictionaries(
        {
            "content": fs.long_text(2000),
            "responsible_person": fs.text(50),
            "due_date": fs.dates(),
        }
    )


def read_measure(w):
    measure = latest(Measure, case=w.prescription)
    return {
        "content": measure.content,
        "responsible_person": measure.responsible_person,
        "due_date": measure.due_date,
    }


def v_advance(w):
    # Back from the prescription stage to the root cause, with the reason.
    return st.fixed_dictionaries(
        {"to_stage": st.just(Case.Stage.ROOT_CAUSE), "reason": fs.text(500)}
    )


def read_advance(w):
    case = Case.objects.get(pk=w.prescription.pk)
    return {
        "to_stage": case.stage,
        "reason": newest_event_reason(case, CaseEvent.Kind.STAGE_CHANGED),
    }


def v_progress(w):
    return st.fixed_dictionaries(
        {
            "kind": st.sampled_from(ProgressEntry.Kind.values),
            "content": fs.long_text(),
            "is_public": st.booleans(),
        }
    )


def read_progress(w):
    entry = latest(ProgressEntry, case=w.in_progress)
    return {"kind": entry.kind, "content": entry.content, "is_public": entry.is_public}


# Closing and look-backs.


def v_closing_submit(w):
    return st.fixed_dictionaries(
        {
            "reply": fs.long_text(),
            "satisfaction": st.sampled_from(ClosingSubmission.Satisfaction.values),
        }
    )


def read_closing_submit(w):
    closing = latest(ClosingSubmission, case=w.follow_up)
    return {
        "reply": closing.reply,
        "satisfaction": closing.satisfaction,
        "status": Case.objects.get(pk=w.follow_up.pk).status,
    }


def v_closing_approve(w):
    return st.fixed_dictionaries({"note": fs.optional_text()})


def read_closing_approve(w):
    case = Case.objects.get(pk=w.submitted.pk)
    return {
        "status": case.status,
        "note": newest_event_reason(case, CaseEvent.Kind.CLOSING_APPROVED),
    }


def v_closing_return(w):
    return st.fixed_dictionaries({"reason": fs.long_text(2000)})


def read_closing_return(w):
    closing = latest(ClosingSubmission, case=w.submitted)
    return {
        "reason": closing.return_reason,
        "decision": closing.decision,
        "status": Case.objects.get(pk=w.submitted.pk).status,
    }


@st.composite
def v_lookback(draw, w):
    result = draw(st.sampled_from(["stable", "recurred", "new_demand"]))
    note = fs.optional_text(2000) if result == "stable" else fs.text(2000)
    return {"result": result, "note": draw(note)}


def read_lookback(w):
    lookback = LookBack.objects.get(pk=w.lookback.pk)
    return {"result": lookback.result, "note": lookback.note}


# Leaders.


def v_instruction(w):
    return st.fixed_dictionaries({"content": fs.long_text()})


def read_instruction(w):
    instruction = latest(Instruction, case=w.in_progress)
    return {"content": instruction.content, "leader": instruction.leader}


def v_answer(w):
    return st.fixed_dictionaries({"response": fs.long_text()})


def read_answer(w):
    instruction = Instruction.objects.get(pk=w.instruction.pk)
    return {"response": instruction.response}


def v_visit(w):
    return st.fixed_dictionaries(
        {
            "leader": st.just(w.leader),
            "visited_on": fs.dates(max_value=today()),
            "place": fs.text(100),
            "notes": fs.long_text(),
        }
    )


def read_visit(w):
    visit = latest(LeaderVisit, case=w.in_progress)
    return {
        "leader": visit.leader,
        "visited_on": visit.visited_on,
        "place": visit.place,
        "notes": visit.notes,
    }


# Attachments.


def v_attachment(w):
    return st.fixed_dictionaries(
        {
            "file": fs.uploads(),
            "kind": st.sampled_from(Attachment.Kind.values),
            "description": fs.optional_text(200),
        }
    )


def encode_attachment(values):
    name, content = values["file"]
    return fs.encode({**values, "file": SimpleUploadedFile(name, content)})


def read_attachment(w):
    attachment = latest(Attachment, case=w.in_progress)
    with attachment.file.open("rb") as stored:
        content = stored.read()
    return {
        "name": attachment.original_name,
        "content": content,
        "kind": attachment.kind,
        "description": attachment.description,
    }


def expect_attachment(w, values, post):
    upload = values["file"]
    if isinstance(upload, tuple):  # valid input: (name, content)
        name, content = upload
    else:  # the upload a hostile post got accepted: the file sent with its size
        name = upload.name
        sent = [
            f
            for f in fs.as_list(post["file"])
            if isinstance(f, SimpleUploadedFile) and f.size == upload.size
        ][-1]
        sent.seek(0)
        content = sent.read()
    return {
        "name": name,
        "content": content,
        "kind": values["kind"],
        "description": values["description"],
    }


# The statutory clock.


def v_extension_request(w):
    return st.fixed_dictionaries(
        {"days": st.integers(1, 30), "reason": fs.long_text(2000)}
    )


def read_extension_request(w):
    extension = latest(Extension, case=w.accepted)
    return {"days": extension.days, "reason": extension.reason}


@st.composite
def v_extension_decide(draw, w):
    approve = draw(st.sampled_from(["1", "0"]))
    note = fs.optional_text() if approve == "1" else fs.text(500)
    return {"approve": approve, "note": draw(note)}


def read_extension_decide(w):
    extension = Extension.objects.get(pk=w.extension.pk)
    return {"status": extension.status, "note": extension.decision_note}


def expect_extension_decide(w, values, post):
    approve = values["approve"] in (True, "1")
    status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    return {"status": status, "note": values["note"]}


def v_review_request(w):
    return st.fixed_dictionaries(
        {
            "kind": st.just(ReviewRequest.Kind.REVIEW),
            "requested_on": fs.dates(days_ago(10), today()),
            "reviewing_body": fs.text(100),
        }
    )


def read_review_request(w):
    review = latest(ReviewRequest, case=w.answered)
    return {
        "kind": review.kind,
        "requested_on": review.requested_on,
        "reviewing_body": review.reviewing_body,
    }


def v_review_reply(w):
    return st.fixed_dictionaries(
        {
            "replied_on": fs.dates(w.review.requested_on, today()),
            "result": fs.long_text(2000),
        }
    )


def read_review_reply(w):
    review = ReviewRequest.objects.get(pk=w.review.pk)
    return {"replied_on": review.replied_on, "result": review.result}


def v_hearing_start(w):
    return st.fixed_dictionaries(
        {"started_on": fs.dates(w.review.requested_on, today())}
    )


def read_hearing_start(w):
    return {"started_on": latest(Hearing, review=w.review).started_on}


def v_hearing_end(w):
    return st.fixed_dictionaries({"ended_on": fs.dates(w.hearing.started_on, today())})


def read_hearing_end(w):
    return {"ended_on": Hearing.objects.get(pk=w.hearing.pk).ended_on}


# Petitions.

PERSON_KEYS = ("name", "id_number", "phone", "address")
PEOPLE_FORMS = 3


@st.composite
def v_petition(draw, w):
    channel = draw(st.sampled_from(Petition.Channel.values))
    people = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": fs.text(50),
                    "id_number": st.one_of(st.just(""), fs.id_numbers()),
                    "phone": st.one_of(st.just(""), fs.phones()),
                    "address": fs.optional_text(200),
                }
            ),
            min_size=1,
            max_size=PEOPLE_FORMS,
            unique_by=lambda p: p["id_number"] or object(),
        )
    )
    now = timezone.localtime().replace(tzinfo=None, second=0, microsecond=0)
    # Hypothesis draws naive local times; they are made aware below.
    earliest = datetime.datetime(1900, 1, 1)  # noqa: DTZ001
    received = draw(st.datetimes(earliest, now))
    return {
        "channel": channel,
        "received_at": timezone.make_aware(received.replace(second=0, microsecond=0)),
        "reception_day": w.reception_day if channel == "reception" else None,
        "proposed_title": draw(fs.optional_text(200)),
        "content": draw(fs.long_text()),
        "demands": draw(fs.optional_text()),
        "head_count": draw(st.integers(len(people), 10000)),
        "is_skip_level": draw(st.booleans()),
        "people": [tuple(p[k] for k in PERSON_KEYS) for p in people],
    }


def encode_petition(values):
    post = fs.encode({k: v for k, v in values.items() if k != "people"})
    post.update(
        {
            "people-TOTAL_FORMS": str(PEOPLE_FORMS),
            "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "1000",
            "action": "save",
            "link": "new",
        }
    )
    for index, person in enumerate(values["people"]):
        for key, value in zip(PERSON_KEYS, person, strict=True):
            post[f"people-{index}-{key}"] = value
    return post


def fields_petition(w):
    fields = dict(petition_forms.PetitionForm.base_fields)
    for index in range(PEOPLE_FORMS):
        for key, value in petition_forms.PetitionerForm.base_fields.items():
            fields[f"people-{index}-{key}"] = value
    management = django_forms.IntegerField(min_value=0)
    for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        fields[f"people-{key}"] = management
    fields["link"] = django_forms.ChoiceField(choices=[("new", "new")])
    return fields


def cleaned_petition(seen):
    form = next(f for f in reversed(seen) if isinstance(f, petition_forms.PetitionForm))
    people = [
        tuple(f.cleaned_data[k] for k in PERSON_KEYS)
        for f in seen
        if isinstance(f, petition_forms.PetitionerForm) and f.cleaned_data
    ]
    return {**form.cleaned_data, "people": people}


def read_petition(w):
    petition = latest(Petition)
    links = PetitionPetitioner.objects.filter(petition=petition).order_by("pk")
    return {
        "channel": petition.channel,
        "received_at": petition.received_at,
        "reception_day": petition.reception_day,
        "proposed_title": petition.proposed_title,
        "content": petition.content,
        "demands": petition.demands,
        "head_count": petition.head_count,
        "is_skip_level": petition.is_skip_level,
        "people": tuple(
            tuple(getattr(link.petitioner, k) for k in PERSON_KEYS) for link in links
        ),
    }


def expect_petition(w, values, post):
    return {**values, "people": tuple(values["people"])}


@st.composite
def v_decision(draw, w):
    decision = draw(
        st.sampled_from(["accepted", "not_accepted", "transferred", "assigned"])
    )
    hands_over = decision in ("transferred", "assigned")
    categories = list(case_selectors.active_categories())
    return {
        "decision": decision,
        "reason": draw(fs.long_text(2000)),
        "target_unit": draw(
            st.sampled_from(units(w))
            if hands_over
            else st.sampled_from([None, *units(w)])
        ),
        "leader": draw(st.sampled_from([None, w.leader])),
        "category": draw(
            st.sampled_from(categories)
            if decision != "not_accepted"
            else st.sampled_from([None, *categories])
        ),
    }


def read_decision(w):
    petition = Petition.objects.select_related("case").get(pk=w.petition.pk)
    case = petition.case
    return {
        "decision": petition.decision,
        "reason": petition.decision_reason,
        "target_unit": petition.target_unit,
        "category": case.category if case else None,
        "owning_unit": case.owning_unit if case else None,
        "leader": case.leader if case else None,
        "accepted_on": case.accepted_on if case else None,
    }


def expect_decision(w, values, post):
    decision = values["decision"]
    hands_over = decision in ("transferred", "assigned")
    accepted = decision != "not_accepted"
    return {
        "decision": decision,
        "reason": values["reason"],
        "target_unit": values["target_unit"] if hands_over else None,
        "category": values["category"] if accepted else None,
        "owning_unit": values["target_unit"] if hands_over else None,
        "leader": values["leader"] if hands_over else None,
        "accepted_on": today() if accepted else None,
    }


@st.composite
def v_reception_day(draw, w):
    start = draw(fs.minute_times().filter(lambda t: t < datetime.time(23, 59)))
    end = draw(fs.minute_times().filter(lambda t: t > start))
    return {
        "leader": w.leader,
        "date": draw(fs.dates()),
        "start_time": start,
        "end_time": end,
        "place": draw(fs.text(100)),
        "topics": draw(fs.optional_text(200)),
        "is_published": draw(st.booleans()),
    }


RECEPTION_KEYS = (
    "leader",
    "date",
    "start_time",
    "end_time",
    "place",
    "topics",
    "is_published",
)


def read_reception_new(w):
    day = latest(ReceptionDay)
    return {k: getattr(day, k) for k in RECEPTION_KEYS}


def read_reception_edit(w):
    day = ReceptionDay.objects.get(pk=w.reception_day.pk)
    return {k: getattr(day, k) for k in RECEPTION_KEYS}


# The public query page.


def _petitioner_phone(w):
    return w.petition.petitioners.first().phone


@st.composite
def v_public_query(draw, w):
    code = w.petition.query_code
    spaced = draw(st.sampled_from([code, code.lower(), f" {code[:5]} {code[5:]} "]))
    return {"code": spaced.strip(), "phone_last4": _petitioner_phone(w)[-4:]}


def public_query_found(w, response, values, post):
    assert b'data-testid="query-result"' in response.content
    assert w.petition.number.encode() in response.content


def public_query_not_found(response):
    assert b'data-testid="not-found"' in response.content


# Reports.


@st.composite
def v_period(draw, w):
    start = draw(fs.dates(days_ago(366), today() + datetime.timedelta(days=366)))
    length = draw(st.integers(0, 120))
    return {
        "name": draw(fs.text(100)),
        "start_date": start,
        "end_date": start + datetime.timedelta(days=length),
        "cutoff_time": draw(fs.minute_times()),
        "reminder_minutes": draw(st.integers(0, 24 * 60)),
    }


def read_period(w):
    period = latest(ReportingPeriod)
    return {
        k: getattr(period, k)
        for k in ("name", "start_date", "end_date", "cutoff_time", "reminder_minutes")
    }


REPORT_TEXTS = ("incidents", "progress", "notes")


def v_daily(w):
    return st.fixed_dictionaries(
        {
            "date": fs.dates(w.period.start_date, today()),
            "new_petitions": st.integers(0, 100000),
            **{k: fs.optional_text(5000) for k in REPORT_TEXTS},
        }
    ).filter(lambda v: v["new_petitions"] or any(v[k] for k in REPORT_TEXTS))


def read_daily(w):
    report = latest(DailyReport, unit=w.township)
    return {
        "date": report.date,
        "new_petitions": report.new_petitions,
        **{k: getattr(report, k) for k in REPORT_TEXTS},
        "kind": report.kind,
    }


def expect_daily(w, values, post):
    return {**values, "kind": DailyReport.Kind.DAILY}


@st.composite
def v_urgent(draw, w, with_unit=False):
    number = w.in_progress.number
    values = {
        "title": draw(fs.text(200)),
        "content": draw(fs.long_text(10000)),
        "case_number": draw(st.sampled_from(["", number, number.lower()])),
    }
    if with_unit:
        values["unit"] = draw(st.sampled_from(list(report_services.reporting_units())))
    return values


def read_urgent(w):
    report = latest(UrgentReport)
    return {
        "title": report.title,
        "content": report.content,
        "case_number": report.case,
        "unit": report.unit,
    }


def expect_urgent(w, values, post):
    case = values["case_number"]
    if isinstance(case, str):
        case = Case.objects.get(number__iexact=case) if case else None
    return {**values, "case_number": case, "unit": values.get("unit") or w.liaison.unit}


def fields_urgent(w):
    fields = dict(forms_reports.UrgentReportForm.base_fields)
    del fields["unit"]
    return fields


# Supervision orders and records.


@st.composite
def v_order(draw, w):
    return {
        "case": draw(st.sampled_from([w.in_progress, w.closed])),
        "unit": draw(st.sampled_from([None, *units(w)])),
        "phase": draw(st.sampled_from(SupervisionOrder.Phase.values)),
        "requirements": draw(fs.long_text(5000)),
        "deadline": draw(fs.dates(min_value=today())),
    }


def read_order(w):
    order = latest(SupervisionOrder)
    return {
        k: getattr(order, k)
        for k in ("case", "unit", "phase", "requirements", "deadline")
    }


def expect_order(w, values, post):
    return {**values, "unit": values["unit"] or values["case"].owning_unit}


def read_order_close(w):
    return {"status": SupervisionOrder.objects.get(pk=w.replied_order.pk).status}


def v_order_reply(w):
    return st.fixed_dictionaries({"reply": fs.long_text(5000)})


def read_order_reply(w):
    order = SupervisionOrder.objects.get(pk=w.order.pk)
    return {"reply": order.reply, "status": order.status}


def expect_order_reply(w, values, post):
    return {**values, "status": SupervisionOrder.Status.REPLIED}


@st.composite
def v_record(draw, w):
    return {
        "kind": draw(st.sampled_from(AccountabilityRecord.Kind.values)),
        "unit": draw(st.sampled_from(units(w))),
        "person": draw(fs.optional_text(50)),
        "case": draw(st.sampled_from([None, w.in_progress])),
        "decided_on": draw(fs.dates(max_value=today())),
        "description": draw(fs.long_text(5000)),
    }


def read_record(w):
    record = latest(AccountabilityRecord)
    return {
        k: getattr(record, k)
        for k in ("kind", "unit", "person", "case", "decided_on", "description")
    }


# The period picker of the report grid (GET).


def picker_shown(w, response, values, post):
    # No period chosen: the grid opens on the default one.
    assert response.context["period"] == (values["period"] or w.period)


# Logging in and changing the password.


def v_login(w):
    return st.fixed_dictionaries(
        {"username": st.just(w.liaison.username), "password": st.just(PASSWORD)}
    )


def logged_in(w, response, values, post):
    assert response.wsgi_request.session.get(SESSION_KEY) == str(w.liaison.pk)


def v_password(w):
    password = st.text(
        st.characters(codec="utf-8", exclude_characters="\x00"),
        min_size=12,
        max_size=40,
    ).filter(lambda p: not p.isdigit())
    return password.map(
        lambda p: {"old_password": PASSWORD, "new_password1": p, "new_password2": p}
    )


def check_password_changed(w, response, values, post):
    user = User.objects.get(pk=w.liaison.pk)
    assert user.check_password(values["new_password1"])


# Two-step verification.


def v_code(device):
    spaced = st.sampled_from([str, lambda c: f"{c[:3]} {c[3:]}", lambda c: f" {c} "])
    return st.builds(lambda f: {"otp_token": f(next_totp_code(device))}, spaced)


def read_enrolment(w):
    return {"confirmed": TOTPDevice.objects.get(pk=w.enrolment.pk).confirmed}


def v_two_factor_off(w):
    return v_code(w.device).map(lambda v: {**v, "password": PASSWORD})


def read_two_factor_off(w):
    return {"devices": TOTPDevice.objects.filter(user=w.liaison).count()}


def login_unverified(w, client):
    """Signed in with the password only: the code step is still owed."""
    Client.force_login(client, w.liaison)


def verified(w, response, values, post):
    assert DEVICE_ID_SESSION_KEY in response.client.session


CF = case_forms
SPECS = [
    Spec(
        "case create",
        (CF.CaseCreateForm,),
        lambda w: reverse("cases:create"),
        "clerk",
        v_create,
        read=read_create,
        creates=Case,
    ),
    Spec(
        "case edit",
        (CF.CaseEditForm,),
        case_url("cases:edit", "in_progress"),
        "clerk",
        v_edit,
        needs=("in_progress",),
        read=read_edit,
        versioned=case_of("in_progress"),
        loose=frozenset({"reason"}),
    ),
    Spec(
        "assign",
        (CF.AssignForm,),
        case_url("cases:assign", "new_case"),
        "clerk",
        lambda w: v_assign(w),
        needs=("new_case",),
        read=read_assign,
        expect=expect_assign,
        versioned=case_of("new_case"),
        loose=frozenset({"reason"}),
    ),
    Spec(
        "root cause",
        (CF.RootCauseForm,),
        case_url("cases:root_cause", "in_progress"),
        "liaison",
        v_root_cause,
        needs=("in_progress",),
        read=read_root_cause,
        versioned=case_of("in_progress"),
    ),
    Spec(
        "plan",
        (CF.PlanForm,),
        case_url("cases:plan", "prescription"),
        "liaison",
        v_plan,
        needs=("prescription",),
        read=read_plan,
        versioned=case_of("prescription"),
    ),
    Spec(
        "measure",
        (CF.MeasureForm,),
        case_url("cases:measure_add", "prescription"),
        "liaison",
        v_measure,
        needs=("prescription",),
        read=read_measure,
        creates=Measure,
    ),
    Spec(
        "advance",
        (CF.AdvanceForm,),
        case_url("cases:advance", "prescription"),
        "liaison",
        v_advance,
        needs=("prescription",),
        read=read_advance,
        loose=frozenset({"reason"}),
    ),
    Spec(
        "progress",
        (CF.ProgressForm,),
        case_url("cases:progress_add", "in_progress"),
        "liaison",
        v_progress,
        needs=("in_progress",),
        read=read_progress,
        creates=ProgressEntry,
    ),
    Spec(
        "closing submit",
        (CF.ClosingSubmitForm,),
        case_url("cases:closing_submit", "follow_up"),
        "liaison",
        v_closing_submit,
        needs=("follow_up",),
        read=read_closing_submit,
        expect=lambda w, v, p: {**v, "status": Case.Status.CLOSING_SUBMITTED},
    ),
    Spec(
        "closing approve",
        (CF.ClosingApproveForm,),
        case_url("cases:closing_approve", "submitted"),
        "clerk",
        v_closing_approve,
        needs=("submitted",),
        read=read_closing_approve,
        expect=lambda w, v, p: {**v, "status": Case.Status.CLOSED},
    ),
    Spec(
        "closing return",
        (CF.ClosingReturnForm,),
        case_url("cases:closing_return", "submitted"),
        "clerk",
        v_closing_return,
        needs=("submitted",),
        read=read_closing_return,
        expect=lambda w, v, p: {
            **v,
            "decision": ClosingSubmission.Decision.RETURNED,
            "status": Case.Status.IN_PROGRESS,
        },
    ),
    Spec(
        "look-back",
        (CF.LookBackForm,),
        case_url("cases:lookback_record", "closed", "lookback"),
        "liaison",
        lambda w: v_lookback(w),
        needs=("closed", "lookback"),
        read=read_lookback,
    ),
    Spec(
        "instruction",
        (CF.InstructionForm,),
        case_url("cases:instruction_add", "in_progress"),
        "leader",
        v_instruction,
        needs=("in_progress",),
        read=read_instruction,
        expect=lambda w, v, p: {**v, "leader": w.leader},
        creates=Instruction,
    ),
    Spec(
        "instruction answer",
        (CF.InstructionAnswerForm,),
        case_url("cases:instruction_answer", "in_progress", "instruction"),
        "liaison",
        v_answer,
        needs=("in_progress", "instruction"),
        read=read_answer,
    ),
    Spec(
        "visit",
        (CF.VisitForm,),
        case_url("cases:visit_add", "in_progress"),
        "leader",
        v_visit,
        needs=("in_progress",),
        read=read_visit,
        creates=LeaderVisit,
    ),
    Spec(
        "attachment",
        (CF.AttachmentForm,),
        case_url("cases:attachment_add", "in_progress"),
        "liaison",
        v_attachment,
        needs=("in_progress",),
        read=read_attachment,
        expect=expect_attachment,
        encode=encode_attachment,
        creates=Attachment,
    ),
    Spec(
        "extension request",
        (CF.ExtensionRequestForm,),
        case_url("cases:extension_request", "accepted"),
        "liaison",
        v_extension_request,
        needs=("accepted",),
        read=read_extension_request,
        creates=Extension,
    ),
    Spec(
        "extension decide",
        (CF.ExtensionDecideForm,),
        lambda w: reverse(
            "cases:extension_decide", args=[w.extension.case_id, w.extension.pk]
        ),
        "clerk",
        lambda w: v_extension_decide(w),
        needs=("extension",),
        read=read_extension_decide,
        expect=expect_extension_decide,
    ),
    Spec(
        "review request",
        (CF.ReviewRequestForm,),
        case_url("cases:review_request", "answered"),
        "clerk",
        v_review_request,
        needs=("answered",),
        read=read_review_request,
        creates=ReviewRequest,
    ),
    Spec(
        "review reply",
        (CF.ReviewReplyForm,),
        lambda w: reverse("cases:review_reply", args=[w.review.case_id, w.review.pk]),
        "clerk",
        v_review_reply,
        needs=("review",),
        read=read_review_reply,
    ),
    Spec(
        "hearing start",
        (CF.HearingStartForm,),
        lambda w: reverse("cases:hearing_start", args=[w.review.case_id, w.review.pk]),
        "clerk",
        v_hearing_start,
        needs=("review",),
        read=read_hearing_start,
        creates=Hearing,
    ),
    Spec(
        "hearing end",
        (CF.HearingEndForm,),
        lambda w: reverse(
            "cases:hearing_end", args=[w.hearing.review.case_id, w.hearing.pk]
        ),
        "clerk",
        v_hearing_end,
        needs=("hearing",),
        read=read_hearing_end,
    ),
    Spec(
        "petition registration",
        (
            petition_forms.PetitionForm,
            petition_forms.PetitionerForm,
            petition_forms.BasePetitionerFormSet,
        ),
        lambda w: reverse("petitions:register"),
        "clerk",
        lambda w: v_petition(w),
        needs=("reception_day",),
        read=read_petition,
        expect=expect_petition,
        encode=encode_petition,
        fields=fields_petition,
        cleaned=cleaned_petition,
        creates=Petition,
        previewed=frozenset({200}),
    ),
    Spec(
        "petition decision",
        (petition_forms.DecisionForm,),
        lambda w: reverse("petitions:decide", args=[w.petition.pk]),
        "clerk",
        lambda w: v_decision(w),
        needs=("petition",),
        read=read_decision,
        expect=expect_decision,
    ),
    Spec(
        "reception day (new)",
        (petition_forms.ReceptionDayForm,),
        lambda w: reverse("petitions:reception_day_new"),
        "clerk",
        lambda w: v_reception_day(w),
        read=read_reception_new,
        creates=ReceptionDay,
    ),
    Spec(
        "reception day (edit)",
        (petition_forms.ReceptionDayForm,),
        lambda w: reverse("petitions:reception_day_edit", args=[w.reception_day.pk]),
        "clerk",
        lambda w: v_reception_day(w),
        needs=("reception_day",),
        read=read_reception_edit,
        versioned=lambda w: w.reception_day,
    ),
    Spec(
        "public query",
        (petition_forms.PublicQueryForm,),
        lambda w: reverse("public:query"),
        None,
        lambda w: v_public_query(w),
        needs=("petition",),
        accepted=frozenset({200}),
        refused=frozenset({404}),
        check_refused=public_query_not_found,
        check_accepted=public_query_found,
        follow=False,
    ),
    Spec(
        "reporting period",
        (forms_reports.PeriodForm,),
        lambda w: reverse("reports:period_new"),
        "clerk",
        lambda w: v_period(w),
        read=read_period,
        creates=ReportingPeriod,
    ),
    Spec(
        "daily report",
        (forms_reports.DailyReportForm,),
        lambda w: reverse("reports:daily"),
        "liaison",
        v_daily,
        needs=("period",),
        read=read_daily,
        expect=expect_daily,
        creates=DailyReport,
    ),
    Spec(
        "urgent report (liaison)",
        (forms_reports.UrgentReportForm,),
        lambda w: reverse("reports:urgent"),
        "liaison",
        lambda w: v_urgent(w),
        needs=("in_progress",),
        read=read_urgent,
        expect=expect_urgent,
        fields=fields_urgent,
        creates=UrgentReport,
    ),
    Spec(
        "urgent report (clerk)",
        (forms_reports.UrgentReportForm,),
        lambda w: reverse("reports:urgent"),
        "clerk",
        lambda w: v_urgent(w, with_unit=True),
        needs=("in_progress",),
        read=read_urgent,
        expect=expect_urgent,
        creates=UrgentReport,
    ),
    Spec(
        "period picker",
        (forms_reports.PeriodChoiceForm,),
        lambda w: reverse("reports:index"),
        "clerk",
        lambda w: st.just({"period": w.period}),
        needs=("period",),
        method="get",
        accepted=frozenset({200}),
        refused=frozenset({400}),
        check_accepted=picker_shown,
        follow=False,
    ),
    Spec(
        "order issue",
        (forms_orders.OrderIssueForm,),
        lambda w: reverse("supervision:order_issue"),
        "clerk",
        lambda w: v_order(w),
        needs=("in_progress", "closed"),
        read=read_order,
        expect=expect_order,
        creates=SupervisionOrder,
    ),
    Spec(
        "order reply",
        (forms_orders.OrderReplyForm,),
        lambda w: reverse("supervision:order_reply", args=[w.order.pk]),
        "liaison",
        v_order_reply,
        needs=("order",),
        read=read_order_reply,
        expect=expect_order_reply,
        versioned=lambda w: w.order,
    ),
    Spec(
        "order close",
        (forms_orders.OrderCloseForm,),
        lambda w: reverse("supervision:order_close", args=[w.replied_order.pk]),
        "clerk",
        lambda w: st.just({}),
        needs=("replied_order",),
        read=read_order_close,
        expect=lambda w, v, p: {"status": SupervisionOrder.Status.CLOSED},
        versioned=lambda w: w.replied_order,
    ),
    Spec(
        "accountability record",
        (forms_orders.RecordForm,),
        lambda w: reverse("supervision:record_create"),
        "clerk",
        lambda w: v_record(w),
        needs=("in_progress",),
        read=read_record,
        creates=AccountabilityRecord,
    ),
    Spec(
        "login",
        (account_forms.LoginForm,),
        lambda w: reverse("accounts:login"),
        None,
        v_login,
        accepted=frozenset({302}),
        refused=frozenset({200}),
        check_accepted=logged_in,
        relogin=True,
    ),
    Spec(
        "password change",
        (account_forms.StyledPasswordChangeForm,),
        lambda w: reverse("accounts:password_change"),
        "liaison",
        v_password,
        refused=frozenset({200}),
        check_accepted=check_password_changed,
        relogin=True,
    ),
]

SPECS += [
    Spec(
        "two-factor on",
        (account_forms.CodeForm,),
        lambda w: reverse("accounts:two_factor"),
        "liaison",
        lambda w: v_code(w.enrolment),
        needs=("enrolment",),
        read=read_enrolment,
        expect=lambda w, v, p: {"confirmed": True},
        refused=frozenset({200}),
        relogin=True,
    ),
    Spec(
        "two-factor code at login",
        (account_forms.CodeForm,),
        lambda w: reverse("accounts:two_factor_verify"),
        "liaison",
        lambda w: v_code(w.device),
        needs=("device",),
        refused=frozenset({200}),
        check_accepted=verified,
        relogin=True,
        login=login_unverified,
    ),
    Spec(
        "two-factor off",
        (account_forms.TwoFactorOffForm,),
        lambda w: reverse("accounts:two_factor_off"),
        "liaison",
        v_two_factor_off,
        needs=("device",),
        read=read_two_factor_off,
        expect=lambda w, v, p: {"devices": 0},
        refused=frozenset({200}),
    ),
]

# Forms that are only bases of the forms above, never shown on their own.
BASES = {case_forms.VersionedForm, case_forms.CaseDetailsForm}


# --- running one example -----------------------------------------------------------

COMMON_SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
}


def begin(spec, w, client, *, example):
    """Sign in (or out), once or, for a form that changes the session, for each
    example; the public page's throttle starts afresh."""
    if example == spec.relogin:
        if spec.user is None:
            client.logout()
        elif spec.login:
            spec.login(w, client)
        else:
            client.force_login(getattr(w, spec.user))
    if example:
        PUBLIC_THROTTLE.reset(RequestFactory().post("/"))


def count(spec):
    return spec.creates.objects.count() if spec.creates else None


def check_accepted(spec, w, response, values, post, before, *, strict, follow):
    if spec.creates:
        assert spec.creates.objects.count() == before + 1
    if spec.check_accepted:
        spec.check_accepted(w, response, values, post)
    if spec.read:
        stored = spec.read(w)
        expected = spec.expected(w, values, post)
        keys = set(stored) if strict else set(stored) - spec.loose
        fs.assert_saved({k: stored[k] for k in keys}, {k: expected[k] for k in keys})
    if follow and spec.follow and response.status_code == 302:
        page = response.client.get(response["Location"])
        assert page.status_code < 500


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_hostile_input_is_refused_with_a_message_or_saved_as_accepted(
    spec, world, client
):
    spec.prepare(world)
    url, fields, valid = spec.url(world), spec.field_map(world), spec.valid(world)
    begin(spec, world, client, example=False)
    # Every example starts from this database: the one before rolls back.
    baseline = None if spec.relogin else fs.fingerprint()

    @settings(max_examples=HOSTILE_EXAMPLES, **COMMON_SETTINGS)
    @given(data=st.data())
    def run(data):
        values = data.draw(valid, label="valid values")
        post = data.draw(
            fs.hostile_post(spec.post(world, values), fields, world.pks), label="post"
        )
        with fs.rolled_back():
            begin(spec, world, client, example=True)
            before, rows = baseline or fs.fingerprint(), count(spec)
            with fs.validated_forms() as seen:
                response = fs.send(client, url, post, spec.method)
            status = response.status_code
            assert status < 500
            if status in spec.previewed:
                assert fs.fingerprint() == before, "a preview changed the database"
            elif status in spec.accepted:
                values = spec.values_from(seen)
                check_accepted(
                    spec, world, response, values, post, rows, strict=False, follow=True
                )
            else:
                assert status in spec.refused, status
                (spec.check_refused or fs.assert_errors_shown)(response)
                assert fs.fingerprint() == before, "refused, yet the database changed"

    run()


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_valid_input_is_saved_exactly_as_given(spec, world, client):
    spec.prepare(world)
    url, valid = spec.url(world), spec.valid(world)
    begin(spec, world, client, example=False)

    @settings(max_examples=VALID_EXAMPLES, **COMMON_SETTINGS)
    @given(data=st.data())
    def run(data):
        values = data.draw(valid, label="values")
        post = spec.post(world, values)
        with fs.rolled_back():
            begin(spec, world, client, example=True)
            rows = count(spec)
            response = fs.send(client, url, post, spec.method)
            assert response.status_code in spec.accepted, fs.page_errors(response)
            # (The hostile test opens the page redirected to, with odder values.)
            check_accepted(
                spec, world, response, values, post, rows, strict=True, follow=False
            )

    run()


# --- no form forgotten ----------------------------------------------------------------

PROJECT_PACKAGES = ("common", "accounts", "cases", "petitions", "supervision")


def project_form_classes():
    """Every Form and FormSet class defined in the project's apps."""
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(
            package.__path__, prefix=f"{package_name}."
        ):
            if ".migrations" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _name, obj in inspect.getmembers(module, inspect.isclass):
                if obj.__module__ != module.__name__:
                    continue
                if issubclass(obj, django_forms.BaseForm | BaseFormSet):
                    yield obj


def test_every_form_is_covered():
    covered = {form for spec in SPECS for form in spec.forms}
    found = set(project_form_classes())
    assert len(found) > 30
    missing = sorted(
        f"{f.__module__}.{f.__qualname__}" for f in found - covered - BASES
    )
    assert missing == [], "forms without a row in SPECS"


# --- what the search found (kept as plain examples) -----------------------------------


def refused(client, url, post):
    before = fs.fingerprint()
    response = fs.send(client, url, {fs.CSRF_KEY: "x", **post})
    assert response.status_code == 400
    fs.assert_errors_shown(response)
    assert fs.fingerprint() == before
    return response


def test_a_due_date_years_away_is_refused(world, client):
    # It was saved, and then the case page failed (OverflowError) for good.
    client.force_login(world.clerk)
    case = world.new_case
    post = {"version": case.version, "owning_unit": world.township.pk}
    refused(
        client,
        reverse("cases:assign", args=[case.pk]),
        {**post, "due_date": "9999-12-31"},
    )
    assert client.get(case.get_absolute_url()).status_code == 200


def _petition_post(**change):
    return {
        "channel": "visit",
        "received_at": "2024-05-06T09:30",
        "content": "反映宅基地纠纷",
        "head_count": "1",
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-0-name": "赵信访",
        "action": "save",
        "link": "new",
        **change,
    }


@pytest.mark.parametrize(
    "change",
    [
        # Saved as a date before year 1 in UTC, which no page could read back.
        {"received_at": "0001-01-01T00:00"},
        # "²" passes str.isdigit() but not int(): the check digit raised.
        {"people-0-id_number": "11010119900307²²²X"},
    ],
    ids=["received in year 1", "superscript digits in an ID number"],
)
def test_petition_registration_refuses(world, client, change):
    client.force_login(world.clerk)
    refused(client, reverse("petitions:register"), _petition_post(**change))


def test_a_tampered_form_count_builds_no_more_forms_than_allowed(world, client):
    # Django's default built (and rendered) 1,020 petitioner forms first.
    client.force_login(world.clerk)
    response = refused(
        client,
        reverse("petitions:register"),
        _petition_post(**{"people-TOTAL_FORMS": "99999"}),
    )
    assert len(response.context["people"].forms) <= 20


def test_a_reporting_period_of_centuries_is_refused(world, client):
    # It was declared, and its grid then took minutes to build.
    client.force_login(world.clerk)
    post = {
        "name": "长期",
        "start_date": "0001-01-01",
        "end_date": today().isoformat(),
        "cutoff_time": "17:00",
        "reminder_minutes": "60",
    }
    refused(client, reverse("reports:period_new"), post)
    with pytest.raises(ActionRefused):
        report_services.period_declare(
            actor=world.clerk,
            name="长期",
            start_date=datetime.date(1, 1, 1),
            end_date=today(),
        )


def test_an_overlong_username_is_refused_not_a_500(client):
    # AuthenticationForm does not check the username's length: django-axes then
    # failed to log the attempt (its column has 255 characters).
    response = client.post(
        reverse("accounts:login"), {"username": "x" * 300, "password": "x"}
    )
    assert response.status_code == 200
    fs.assert_errors_shown(response)
