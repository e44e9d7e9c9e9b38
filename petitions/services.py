"""Every write to petitions, petitioners and reception days."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from cases import services as case_services
from cases.models import Case, CaseEvent, Tag
from common.crypto import keyed_hash
from common.deadlines import Clock
from common.errors import ActionRefused, EditConflict
from common.models import AccessLog
from petitions.models import Petition, Petitioner, PetitionPetitioner, ReceptionDay
from petitions.validators import normalise_id_number, normalise_phone

Decision = Petition.Decision


@dataclass(frozen=True)
class PersonInput:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""


def petitioner_upsert(person: PersonInput) -> Petitioner:
    """The same ID number is the same person: reuse the record, refresh contacts."""
    id_number = normalise_id_number(person.id_number) if person.id_number else ""
    phone = normalise_phone(person.phone) if person.phone else ""
    existing = None
    if id_number:
        existing = (
            Petitioner.objects.select_for_update()
            .filter(id_number_hash=keyed_hash(id_number))
            .first()
        )
    petitioner = existing or Petitioner()
    petitioner.name = person.name.strip()
    if id_number:
        petitioner.id_number = id_number
        petitioner.id_number_hash = keyed_hash(id_number)
    if phone:
        petitioner.phone = phone
        petitioner.phone_hash = keyed_hash(phone)
    if person.address:
        petitioner.address = person.address.strip()
    masks = Petitioner.masks(id_number=id_number, phone=phone)
    if id_number:
        petitioner.id_number_masked = masks["id_number_masked"]
    if phone:
        petitioner.phone_masked = masks["phone_masked"]
    petitioner.save()
    return petitioner


def _tag(case: Case, *codes: str) -> None:
    tags = list(Tag.objects.filter(code__in=codes))
    if tags:
        case.tags.add(*tags)


@transaction.atomic
def petition_register(
    *,
    actor: User,
    channel: str,
    received_at: datetime.datetime,
    people: list[PersonInput],
    content: str,
    demands: str = "",
    head_count: int | None = None,
    is_skip_level: bool = False,
    reception_day: ReceptionDay | None = None,
    proposed_title: str = "",
    attach_to: Case | None = None,
    clock: Clock | None = None,
) -> Petition:
    """Register a petition; attach it to an existing case (a repeat petition) or
    leave the case to be opened when it is accepted."""
    if not people:
        raise ActionRefused(_("Enter at least one petitioner."))
    if received_at > timezone.now():
        raise ActionRefused(_("The time received cannot be in the future."))
    if (channel == Petition.Channel.RECEPTION) != (reception_day is not None):
        raise ActionRefused(
            _("Choose the reception day for a petition received on a reception day.")
        )
    head_count = head_count or len(people)
    if head_count < len(people):
        raise ActionRefused(
            _("The number of people cannot be less than the petitioners entered.")
        )
    clock = clock or Clock.load()
    received_on = timezone.localdate(received_at)
    petition = Petition.objects.create(
        channel=channel,
        received_at=received_at,
        head_count=head_count,
        content=content,
        demands=demands,
        is_skip_level=is_skip_level,
        reception_day=reception_day,
        proposed_title=proposed_title,
        registered_by=actor,
        handover_due=clock.deadline("handover", received_on).due,
    )
    petition.number = f"XJ{received_on:%Y}{petition.pk:06d}"
    petition.save(update_fields=["number"])
    seen = set()
    for index, person in enumerate(people):
        petitioner = petitioner_upsert(person)
        if petitioner.pk in seen:
            continue
        seen.add(petitioner.pk)
        PetitionPetitioner.objects.create(
            petition=petition, petitioner=petitioner, is_representative=index == 0
        )
    if attach_to is not None:
        _attach(petition, attach_to, actor)
    return petition


def _attach(petition: Petition, case: Case, actor: User) -> None:
    case = Case.objects.select_for_update().get(pk=case.pk)
    petition.case = case
    petition.is_repeat = True
    petition.save(update_fields=["case", "is_repeat", "updated_at"])
    codes = ["repeat"]
    if petition.is_skip_level:
        codes.append("skip_level")
    if petition.is_collective:
        codes.append("collective")
    _tag(case, *codes)
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.PETITION_ATTACHED,
        actor=actor,
        data={
            "petition": petition.number,
            "channel": petition.channel,
            "content": petition.content[:200],
        },
    )


@transaction.atomic
def petition_decide(
    *,
    petition: Petition,
    actor: User,
    decision: str,
    reason: str = "",
    target_unit: Unit | None = None,
    leader: User | None = None,
    category=None,
    clock: Clock | None = None,
) -> Petition:
    """受理 / 不予受理 / 转送 / 交办, with the reason told to the petitioner.

    Accepting (in any of its three forms) starts the case's 60-day clock; a
    petition not yet attached to a case opens one.
    """
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.decision == decision:
        return petition
    if petition.decision != Decision.PENDING:
        raise ActionRefused(_("This petition has already been decided."))
    if decision not in Decision.values or decision == Decision.PENDING:
        raise ActionRefused(_("Choose a decision."))
    if not reason.strip():
        raise ActionRefused(_("Give the reason: it is told to the petitioner."))
    hands_over = decision in (Decision.TRANSFERRED, Decision.ASSIGNED)
    if hands_over and target_unit is None:
        raise ActionRefused(_("Choose the unit the petition is handed to."))
    clock = clock or Clock.load()
    today = timezone.localdate()
    if decision != Decision.NOT_ACCEPTED:
        case = petition.case
        if case is not None and case.status == Case.Status.CLOSED:
            raise ActionRefused(
                _(
                    "The case of this petition is already closed: handle it as a "
                    "review request, or do not accept it."
                )
            )
        if case is not None and case.no_further_acceptance:
            raise ActionRefused(
                _("This matter has been through re-review and is not accepted again.")
            )
        if case is None:
            if category is None:
                raise ActionRefused(_("Choose the category of the new case."))
            case = case_services.case_create(
                actor=actor,
                title=petition.proposed_title or petition.content[:40],
                summary=petition.content,
                demands=petition.demands,
                category=category,
                opened_on=today,
            )
            petition.case = case
            codes = []
            if petition.is_skip_level:
                codes.append("skip_level")
            if petition.is_collective:
                codes.append("collective")
            _tag(case, *codes)
        case = case_services.case_accept(
            case=case, actor=actor, accepted_on=today, clock=clock
        )
        if hands_over and case.status in (Case.Status.NEW, Case.Status.IN_PROGRESS):
            case_services.case_assign(
                case=case,
                actor=actor,
                owning_unit=target_unit,
                leader=leader or case.leader,
                co_units=list(case.co_units.all()),
                reason=reason,
            )
    petition.decision = decision
    petition.decision_reason = reason
    petition.target_unit = target_unit if hands_over else None
    petition.decided_by = actor
    petition.decided_at = timezone.now()
    petition.save(
        update_fields=[
            "case",
            "decision",
            "decision_reason",
            "target_unit",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    return petition


def petitioner_reveal(*, petitioner: Petitioner, actor: User) -> dict:
    """The full ID number, phone and address, for a clerk; every view is logged."""
    AccessLog.objects.create(
        user=actor,
        action=AccessLog.Action.VIEW_PERSONAL_DATA,
        object_type="petitions.Petitioner",
        object_id=str(petitioner.pk),
        detail="id_number,phone,address",
    )
    return {
        "id_number": petitioner.id_number,
        "phone": petitioner.phone,
        "address": petitioner.address,
    }


@transaction.atomic
def reception_day_save(
    *,
    actor: User,
    leader: User,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str,
    topics: str = "",
    is_published: bool = True,
    reception_day: ReceptionDay | None = None,
    expected_version: int | None = None,
) -> ReceptionDay:
    """Schedule a reception day, or change one (`reception_day`): an edit made on
    `expected_version` is refused if someone saved the day since."""
    if reception_day is not None:
        reception_day = ReceptionDay.objects.select_for_update().get(
            pk=reception_day.pk
        )
        if expected_version is not None and expected_version != reception_day.version:
            raise EditConflict(
                _(
                    "Someone else changed this reception day while you were editing "
                    "it. Your changes were not saved: reload the page to see the "
                    "latest version, then make your changes again."
                )
            )
    if leader.role != "leader":
        raise ActionRefused(_("A reception day is held by a county leader."))
    if end_time <= start_time:
        raise ActionRefused(_("The reception must end after it starts."))
    clash = ReceptionDay.objects.filter(leader=leader, date=date)
    if reception_day is not None:
        clash = clash.exclude(pk=reception_day.pk)
    if clash.exists():
        raise ActionRefused(_("This leader already has a reception on that day."))
    day = reception_day or ReceptionDay(created_by=actor)
    day.leader, day.date, day.place, day.topics = leader, date, place, topics
    day.start_time, day.end_time, day.is_published = start_time, end_time, is_published
    if reception_day is not None:
        day.version += 1
    day.save()
    return day


def public_lookup(*, code: str, phone_last4: str) -> Petition | None:
    """The petition for a query code, if the phone's last four digits match.

    A wrong code and a wrong phone give the same answer (None).
    """
    code = "".join(code.split()).upper()
    digits = normalise_phone(phone_last4)
    if len(code) != 10 or len(digits) != 4:
        return None
    petition = (
        Petition.objects.filter(query_code=code).prefetch_related("petitioners").first()
    )
    if petition is None:
        return None
    if any(p.phone and p.phone.endswith(digits) for p in petition.petitioners.all()):
        return petition
    return None
