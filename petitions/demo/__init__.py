"""The demo county's petitions (信访件) and leaders' reception days. Every name,
ID number, phone number and fact is invented.

The cases of `cases.demo` exist already when this runs; here the petitions
behind them are registered and decided through `petitions.services` (and the
statutory steps through `cases.services`), as the clerk would have done it, and
each step's rows are moved back to the day it "happened" (demo shaping, see
`_Clock`, the same approach as `cases.demo`).

- Ordinary cases still open: the petition the case was opened on, accepted on
  the day the case was opened (so the 60-day clock gives the due date the demo
  case already had), and a repeat petition on the cases tagged "repeat".
- Key cases: long-standing matters (积案). Their early petitions repeat a
  matter answered before and were not accepted again; the petition that raised
  a new demand was accepted 60 days before the due date `cases.demo` gave the
  case, which started its statutory clock; later ones were merged into it.
- New matters: some awaiting a decision (one past its 15-day limit), one not
  accepted, one received on a reception day and assigned, which opened a case.
- One closed case: a petitioner not satisfied with the answer, and the review
  (复查) request recorded within its window.
- Five reception days: two held, three upcoming and published.

`seed_demo` (supervision) calls `seed_petitions` after `seed_cases`. A petition
whose content already exists, or a reception day with the same leader and
topics, is skipped, so running it twice changes nothing.
"""

import datetime
import random
import re
from dataclasses import replace

from django.db.models import Case as SqlCase
from django.db.models import F, Value, When
from django.utils import timezone

from cases import services as case_services
from cases.demo import KEY_CASES
from cases.models import (
    Case,
    CaseEvent,
    Category,
    ClosingSubmission,
    Extension,
    ReviewRequest,
)
from common.deadlines import Clock
from petitions import services
from petitions.demo.data import (
    ACCEPTED,
    ACCEPTED_NO_UNIT,
    ANSWERED_CLOSED,
    KEY_PETITIONS,
    MERGED,
    NEW_MATTERS,
    PUBLIC_PHONE,
    PUBLIC_QUERY_CODE,
    RECEPTION_DAYS,
    Decision,
    PetitionSpec,
    _People,
    _villager,
)
from petitions.models import Petition, Petitioner, ReceptionDay

# --- shaping time ------------------------------------------------------------------


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    """An office hour on that day, never later than now."""
    time = datetime.time(hour, day.toordinal() * 7 % 50)
    moment = datetime.datetime.combine(
        day, time, tzinfo=timezone.get_current_timezone()
    )
    return min(moment, timezone.now() - datetime.timedelta(minutes=5))


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def _working_day(day: datetime.date, clock: Clock, step: int) -> datetime.date:
    """`day` if it is a working day, else the nearest one in direction `step`."""
    while not clock.calendar.is_working_day(day):
        day += datetime.timedelta(days=step)
    return day


class _Clock:
    """Demo shaping: the rows services write during this run (at or after `start`)
    are moved back to the moment the step is meant to have happened."""

    def __init__(self):
        self.start = timezone.now()

    def _move(self, rows, fields, when):
        rows.update(
            **{
                field: SqlCase(
                    When(**{f"{field}__gte": self.start}, then=Value(when)),
                    default=F(field),
                )
                for field in fields
            }
        )

    def stamp(self, when, *, petition=None, case=None, day=None):
        if petition is not None:
            self._move(
                Petition.objects.filter(pk=petition.pk),
                ("created_at", "updated_at", "decided_at"),
                when,
            )
            self._move(
                Petitioner.objects.filter(petitions=petition),
                ("created_at", "updated_at"),
                when,
            )
        if case is not None:
            self._move(CaseEvent.objects.filter(case=case), ("created_at",), when)
            self._move(
                Extension.objects.filter(case=case),
                ("requested_at", "decided_at"),
                when,
            )
            self._move(ReviewRequest.objects.filter(case=case), ("created_at",), when)
            self._move(
                Case.objects.filter(pk=case.pk),
                ("created_at", "updated_at", "assigned_at", "last_progress_at"),
                when,
            )
        if day is not None:
            self._move(
                ReceptionDay.objects.filter(pk=day.pk),
                ("created_at", "updated_at"),
                when,
            )


# --- telling it through the services -----------------------------------------------


class _Desk:
    """The bureau's desk: registers and decides, one dated step at a time."""

    def __init__(self, county: dict):
        self.county = county
        self.clerk = county["users"]["clerk"]
        self.head = county["users"]["bureau_head"]
        self.units = {**county["townships"], **county["departments"]}
        self.clock = _Clock()
        self.deadlines = Clock.load()
        self.people = _People()
        self.days: dict[str, ReceptionDay] = {}
        self.contents: list[str] = []
        self.created = 0
        self.touched: dict[int, datetime.datetime] = {}  # case pk → latest step

    def exists(self, content: str) -> bool:
        self.contents.append(content)
        return Petition.objects.filter(content=content).exists()

    def touch(self, case, when):
        if case is not None:
            self.clock.stamp(when, case=case)
            self.touched[case.pk] = max(when, self.touched.get(case.pk, when))

    def register(self, spec: PetitionSpec, received, case=None) -> Petition:
        day = self.days.get(spec.reception)
        if day is not None:
            received = _moment(day.date, day.start_time.hour)
        petition = services.petition_register(
            actor=self.clerk,
            channel=spec.channel,
            received_at=received,
            people=[self.people(p) for p in spec.people],
            content=spec.content,
            demands=spec.demands,
            head_count=spec.head_count or None,
            is_skip_level=spec.skip_level,
            reception_day=day,
            proposed_title=spec.proposed_title,
            attach_to=case,
            clock=self.deadlines,
        )
        if spec.query_code:
            # Demo shaping: a known code for the public-page example (README).
            Petition.objects.filter(pk=petition.pk).update(query_code=spec.query_code)
        self.clock.stamp(received, petition=petition)
        if case is not None:
            # Attached once the case existed (a key case opened after the visit).
            opened = Case.objects.get(pk=case.pk).created_at
            self.touch(case, max(received, opened + datetime.timedelta(minutes=10)))
        self.created += 1
        return petition

    def accept_case(self, case, day: datetime.date):
        """The statutory clock starts on `day` (`petition_decide` would use today)."""
        case_services.case_accept(
            case=case, actor=self.head, accepted_on=day, clock=self.deadlines
        )
        self.touch(case, _moment(day, 17))

    def decide(self, petition, spec: PetitionSpec, day: datetime.date, reason=""):
        when = _moment(day, 17)
        extra = {}
        if spec.unit:
            extra = {
                "target_unit": self.units[spec.unit],
                "leader": self.days[spec.reception].leader,
                "category": Category.objects.get(code=spec.category),
            }
        petition = services.petition_decide(
            petition=petition,
            actor=self.head,
            decision=spec.decision,
            reason=reason or spec.reason,
            clock=self.deadlines,
            **extra,
        )
        if spec.unit:
            self._opened_on(petition.case, day)
        self.clock.stamp(when, petition=petition)
        self.touch(petition.case, when)
        return petition

    def _opened_on(self, case, day):
        """Demo shaping: the case this decision opened was opened, accepted and
        assigned on `day`, not today; its timeline says so too."""
        today = timezone.localdate()
        old_due = Case.objects.get(pk=case.pk).due_date
        due = self.deadlines.deadline("handle", day).due
        Case.objects.filter(pk=case.pk).update(
            opened_on=day, accepted_on=day, due_date=due
        )
        for event in CaseEvent.objects.filter(
            case=case, created_at__gte=self.clock.start
        ):
            data = event.data
            if data.get("accepted_on") == str(today):
                data["accepted_on"] = str(day)
            if "due_date" in data.get("changes", {}):
                data["changes"]["due_date"] = [
                    str(due) if value == str(old_due) else value
                    for value in data["changes"]["due_date"]
                ]
            CaseEvent.objects.filter(pk=event.pk).update(data=data)

    def first_of_case(self, petition, case, tags_before: set):
        """Demo shaping: the case was opened on this petition. The product opens
        the case when the petition is accepted; the demo case exists already, so
        the service attached the petition as a repeat. Undo what attaching adds."""
        Petition.objects.filter(pk=petition.pk).update(is_repeat=False)
        CaseEvent.objects.filter(
            case=case,
            kind=CaseEvent.Kind.PETITION_ATTACHED,
            data__petition=petition.number,
        ).delete()
        if "repeat" not in tags_before:
            case.tags.remove(*case.tags.filter(code="repeat"))

    def finish(self, before: dict):
        """A case's last change is its latest step, whichever wrote it."""
        for pk, when in self.touched.items():
            latest = max(when, before.get(pk) or when)
            Case.objects.filter(pk=pk).update(updated_at=latest)


def _reception_days(desk: _Desk, key_cases: dict) -> int:
    today = timezone.localdate()
    xishan = key_cases["道路拓宽工程"]
    # The 西山乡 households came three days before their petition was accepted.
    came = xishan.due_date - datetime.timedelta(days=60 + 3)
    for key, leader, when, (start, end), place, topics in RECEPTION_DAYS:
        leader = desk.county["users"][leader]
        day = ReceptionDay.objects.filter(leader=leader, topics=topics).first()
        if day is None:
            if when == "xishan":
                date = _working_day(came, desk.deadlines, -1)
            else:
                step = -1 if when < 0 else 1
                date = today + datetime.timedelta(days=when)
                date = _working_day(date, desk.deadlines, step)
            day = services.reception_day_save(
                actor=desk.clerk,
                leader=leader,
                date=date,
                start_time=datetime.time(start, 30 if start > 12 else 0),
                end_time=datetime.time(end, 30 if end > 12 else 0),
                place=place,
                topics=topics,
                is_published=True,
            )
            # Scheduled two weeks ahead (or a few days ago, for those to come).
            scheduled = min(
                date - datetime.timedelta(days=14),
                _yesterday() - datetime.timedelta(days=2),
            )
            desk.clock.stamp(_moment(scheduled, 10), day=day)
        desk.days[key] = day
    return len(RECEPTION_DAYS)


def _received(spec: PetitionSpec, case) -> datetime.date:
    anchors = {"today": timezone.localdate()}
    if case is not None:
        anchors["opened"] = case.opened_on
        if case.due_date is not None:
            anchors["accepted"] = case.due_date - datetime.timedelta(days=60)
    return anchors[spec.anchor] + datetime.timedelta(days=spec.offset)


def _key_petitions(desk: _Desk, key_cases: dict):
    for spec in KEY_PETITIONS:
        if desk.exists(spec.content):
            continue
        case = Case.objects.get(pk=key_cases[spec.case].pk)
        received = _received(spec, case)
        petition = desk.register(spec, _moment(received, 9), case)
        if spec.reception:
            received = desk.days[spec.reception].date
        decided = min(received + datetime.timedelta(days=spec.decided), _yesterday())
        if spec.starts_clock:
            # Accepted 60 days before the due date cases.demo gave the case.
            decided = _received(replace(spec, anchor="accepted", offset=0), case)
            desk.accept_case(case, decided)
        desk.decide(petition, spec, decided)


def _new_matters(desk: _Desk):
    for spec in NEW_MATTERS:
        if desk.exists(spec.content):
            continue
        received = _received(spec, None)
        petition = desk.register(spec, _moment(received, 10))
        if spec.decision != Decision.PENDING:
            start = desk.days[spec.reception].date if spec.reception else received
            decided = min(start + datetime.timedelta(days=spec.decided), _yesterday())
            desk.decide(petition, spec, decided)


# --- the ordinary cases ------------------------------------------------------------

PLACE = re.compile(r"^(.+?[镇乡].+?村)")


def _ordinary(desk: _Desk, case: Case, extension_wanted: bool) -> bool:
    """The petition a still-open ordinary case was opened on, and a repeat on the
    cases tagged so. Returns whether this case took the demo's extension."""
    rng = random.Random(f"demo-petition-{case.title}")
    place = PLACE.match(case.title).group(1)
    people = tuple(_villager(rng, place) for _ in range(rng.choice((1, 1, 2, 3))))
    tags = {tag.code for tag in case.tags.all()}  # as cases.demo left them
    repeat = "repeat" in tags and case.status != Case.Status.NEW
    first = PetitionSpec(
        content=case.summary,
        people=people,
        anchor="opened",
        offset=-rng.randint(0, 3),
        channel=rng.choice(("visit", "visit", "letter", "phone", "online")),
        demands=case.demands,
        skip_level="skip_level" in tags and not repeat,
    )
    if first.skip_level:
        first = replace(first, content=f"{case.summary}（市信访局转来）")
    extended = False
    if not desk.exists(first.content):
        received = _received(first, case)
        petition = desk.register(first, _moment(received, 9), case)
        desk.first_of_case(petition, case, tags)
        desk.accept_case(case, case.opened_on)
        unit = case.owning_unit
        reason = ACCEPTED.format(unit=unit.name) if unit else ACCEPTED_NO_UNIT
        desk.decide(petition, first, case.opened_on, reason)
        extended = extension_wanted and _extend(desk, case)
    if repeat:
        days = (timezone.localdate() - case.opened_on).days
        later = max(2, round((days - 3) * rng.uniform(0.3, 0.9)))
        received = case.opened_on + datetime.timedelta(days=later)
        skip = "skip_level" in tags
        verb = "到市信访局反映" if skip else "再次反映"
        again = PetitionSpec(
            content=f"信访人{verb}“{case.title}”问题，询问办理进度，要求尽快解决。"
            + ("市信访局转来。" if skip else ""),
            people=people[:1],
            anchor="opened",
            offset=(received - case.opened_on).days,
            channel=rng.choice(("phone", "visit", "online")),
            skip_level=skip,
        )
        if not desk.exists(again.content):
            petition = desk.register(again, _moment(received, 10), case)
            decided = min(received + datetime.timedelta(days=2), _yesterday())
            desk.decide(petition, again, decided, MERGED)
    return extended


def _extend(desk: _Desk, case: Case) -> bool:
    """The demo's one extension (延期): a case due within two weeks, asked for four
    days ago and approved the next day."""
    case.refresh_from_db()
    today = timezone.localdate()
    if case.status != Case.Status.IN_PROGRESS or not (
        today + datetime.timedelta(days=3)
        <= case.due_date
        <= today + datetime.timedelta(days=14)
    ):
        return False
    code = case.owning_unit.code
    liaison = {"chengguan": "liaison", "zhujian": "dept"}.get(code, f"lx_{code}")
    worker = desk.county["users"][liaison]
    asked = today - datetime.timedelta(days=4)
    extension = case_services.extension_request(
        case=case,
        actor=worker,
        days=20,
        reason="需等待第三方机构出具核查鉴定意见，无法在法定期限内办结。",
        clock=desk.deadlines,
    )
    desk.touch(case, _moment(asked, 11))
    case_services.extension_decide(
        extension=extension,
        actor=desk.clerk,
        approve=True,
        note="理由充分，同意延期20日。",
        clock=desk.deadlines,
    )
    desk.touch(case, _moment(asked + datetime.timedelta(days=1), 15))
    return True


def _review(desk: _Desk, ordinary: list[Case]):
    """One petitioner only basically satisfied with the answer asks for a review
    (复查) within 30 days of it; answered if its reply is due by now."""
    closings = ClosingSubmission.objects.filter(
        case__in=[c for c in ordinary if c.status == Case.Status.CLOSED],
        decision="approved",
        satisfaction="basically",
    ).order_by("-decided_at", "-pk")
    closing = closings.first()
    if closing is None:
        return
    case = closing.case
    answered = timezone.localdate(closing.decided_at)
    rng = random.Random(f"demo-review-{case.title}")
    spec = PetitionSpec(
        content=f"信访人来信，对“{case.title}”的答复意见不满意，认为问题没有彻底解决。",
        people=(_villager(rng, PLACE.match(case.title).group(1)),),
        anchor="opened",
        offset=0,
        channel=Petition.Channel.LETTER,
        decision=Decision.NOT_ACCEPTED,
        reason=ANSWERED_CLOSED,
    )
    if desk.exists(spec.content):
        return
    received = min(answered + datetime.timedelta(days=6), _yesterday())
    petition = desk.register(spec, _moment(received, 9), case)
    decided = min(received + datetime.timedelta(days=2), _yesterday())
    desk.decide(petition, spec, decided)
    requested = min(decided + datetime.timedelta(days=2), _yesterday())
    review = case_services.review_request(
        case=case,
        actor=desk.clerk,
        kind=ReviewRequest.Kind.REVIEW,
        requested_on=requested,
        reviewing_body="县人民政府",
        clock=desk.deadlines,
    )
    desk.touch(case, _moment(requested, 11))
    replied = requested + datetime.timedelta(days=25)
    if replied <= _yesterday():
        case_services.review_reply(
            review=review,
            actor=desk.clerk,
            replied_on=replied,
            result="经复查，原处理意见认定事实清楚、处理恰当，予以维持。",
        )
        desk.touch(case, _moment(replied, 15))


# --- entry point -------------------------------------------------------------------


def seed_petitions(county: dict, cases: dict) -> dict:
    """Add the demo petitions and reception days, skipping those already there
    (petitions by content, reception days by leader and topics).

    `cases` is what `seed_cases` returns. Returns {"petitions": how many demo
    petitions there are, "created": how many were added now, "days": how many
    demo reception days there are, "query_code" and "phone_last4": the
    public-page example}.
    """
    demo_cases = list(
        Case.objects.filter(pk__in=[c.pk for c in cases["cases"]]).prefetch_related(
            "tags"
        )
    )
    before = {case.pk: case.updated_at for case in demo_cases}
    order = {c.pk: index for index, c in enumerate(cases["cases"])}
    demo_cases.sort(key=lambda case: order[case.pk])
    titles = [spec.title for spec in KEY_CASES]
    key = [case for case in demo_cases if case.title in titles]
    key_cases = {
        spec.case: next(case for case in key if spec.case in case.title)
        for spec in KEY_PETITIONS
    }
    ordinary = [case for case in demo_cases if case.title not in titles]

    desk = _Desk(county)
    days = _reception_days(desk, key_cases)
    _key_petitions(desk, key_cases)
    extension_wanted = not Extension.objects.filter(case__in=ordinary).exists()
    for case in ordinary:
        if case.status == Case.Status.CLOSED:
            continue
        if _ordinary(desk, case, extension_wanted):
            extension_wanted = False
    _review(desk, ordinary)
    _new_matters(desk)
    desk.finish(before)
    return {
        "petitions": Petition.objects.filter(content__in=desk.contents).count(),
        "created": desk.created,
        "days": days,
        "query_code": PUBLIC_QUERY_CODE,
        "phone_last4": PUBLIC_PHONE[-4:],
    }
