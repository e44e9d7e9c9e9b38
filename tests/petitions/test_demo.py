"""The demo county's petitions and reception days (petitions/demo.py, run by
`seed_demo`)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, ReviewRequest
from petitions.demo import PUBLIC_PHONE, PUBLIC_QUERY_CODE
from petitions.models import Petition, Petitioner, ReceptionDay
from petitions.validators import validate_id_number

pytestmark = pytest.mark.django_db

Decision = Petition.Decision


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed once for the module's read-only tests; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = timezone.now()
        seed()
        yield started
        transaction.set_rollback(True)


def snapshot():
    return (
        Petition.objects.count(),
        set(Petition.objects.values_list("number", "decision")),
        Petitioner.objects.count(),
        set(ReceptionDay.objects.values_list("leader__username", "date", "topics")),
        CaseEvent.objects.count(),
        Case.objects.count(),
    )


def test_seed_demo_twice_gives_the_same_petitions():
    first_output = seed()
    first = snapshot()
    second_output = seed()
    assert snapshot() == first
    assert 50 <= first[0] <= 80
    assert f"演示信访件：{first[0]} 件（本次新增 {first[0]} 件）" in first_output
    assert f"演示信访件：{first[0]} 件（本次新增 0 件）" in second_output


def test_every_key_case_has_petitions_and_most_ordinary_cases_one(demo):
    key = Case.objects.filter(is_key=True)
    for case in key:
        assert 1 <= case.petitions.count() <= 4, case.title
    assert key.filter(petitions__is_skip_level=True).distinct().count() >= 3
    ordinary = Case.objects.filter(is_key=False)
    with_petition = ordinary.filter(petitions__isnull=False).distinct().count()
    assert with_petition > ordinary.count() / 2
    # The petition a case was opened on is not a repeat; later ones are.
    assert Petition.objects.filter(case__is_key=False, is_repeat=False).exists()
    assert Petition.objects.filter(case__is_key=False, is_repeat=True).exists()


def test_one_collective_visit_with_three_representatives(demo):
    collective = Petition.objects.filter(head_count__gte=5)
    assert collective.count() == 1
    visit = collective.get()
    assert visit.channel == Petition.Channel.VISIT
    assert visit.head_count == 30
    assert visit.petitioners.count() == 3
    assert visit.case.is_key
    assert "安置" in visit.case.title
    assert visit.decision == Decision.ACCEPTED


def test_petitions_awaiting_a_decision_one_past_its_deadline(demo):
    today = timezone.localdate()
    pending = Petition.objects.filter(decision=Decision.PENDING)
    assert pending.count() >= 2
    assert pending.filter(handover_due__lt=today).exists()
    assert pending.filter(handover_due__gte=today).exists()
    assert not pending.filter(case__isnull=False).exists()


def test_decisions_carry_reasons_and_an_assignment_opens_a_case(demo):
    decided = Petition.objects.exclude(decision=Decision.PENDING)
    assert not decided.filter(decision_reason="").exists()
    assert not decided.filter(decided_at=None).exists()
    assert decided.filter(decision=Decision.NOT_ACCEPTED).count() >= 3
    assigned = Petition.objects.get(decision=Decision.ASSIGNED)
    assert assigned.target_unit is not None
    case = assigned.case
    assert case.owning_unit == assigned.target_unit
    assert case.status == Case.Status.IN_PROGRESS
    assert case.accepted_on == case.opened_on
    assert case.opened_on == timezone.localdate(assigned.decided_at)


def test_reception_days_held_and_upcoming(demo):
    today = timezone.localdate()
    upcoming = ReceptionDay.objects.filter(date__gte=today, is_published=True)
    assert upcoming.count() >= 3
    assert upcoming.values("leader").distinct().count() == upcoming.count()
    past = ReceptionDay.objects.filter(date__lt=today)
    assert past.count() >= 2
    received = Petition.objects.filter(
        channel=Petition.Channel.RECEPTION, reception_day__in=past
    )
    assert received.count() >= 2
    for petition in received:
        assert timezone.localdate(petition.received_at) == petition.reception_day.date


def test_a_review_request_within_its_window(demo):
    review = ReviewRequest.objects.get()
    assert review.reviewing_body == "县人民政府"
    assert review.case.status == Case.Status.CLOSED


def test_everything_happened_before_the_seeding(demo):
    started = demo
    for field in ("received_at", "created_at", "updated_at", "decided_at"):
        assert not Petition.objects.filter(**{f"{field}__gte": started}).exists()
    assert not Petitioner.objects.filter(updated_at__gte=started).exists()
    assert not ReceptionDay.objects.filter(created_at__gte=started).exists()
    assert not CaseEvent.objects.filter(created_at__gte=started).exists()
    for petition in Petition.objects.exclude(case=None):
        assert not petition.decided_at or petition.received_at <= petition.decided_at


def test_id_numbers_and_phones_are_valid_and_never_stored_plain(demo):
    people = list(Petitioner.objects.all())
    assert len(people) >= 40
    secrets = []
    for person in people:
        validate_id_number(person.id_number)
        assert person.id_number.startswith("330999")
        assert len(person.phone) == 11
        assert person.phone[:2] in ("13", "15", "18")
        secrets += [person.id_number, person.phone]
    assert len({p.id_number for p in people}) == len(people)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM petitions_petitioner")
        stored = repr(cursor.fetchall())
    for secret in secrets:
        assert secret not in stored


def test_the_documented_query_code_works_on_the_public_page(demo, client):
    response = client.post(
        reverse("public:query"),
        {"code": PUBLIC_QUERY_CODE, "phone_last4": PUBLIC_PHONE[-4:]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="query-result"' in html
    petition = Petition.objects.get(query_code=PUBLIC_QUERY_CODE)
    assert petition.case.owning_unit.code == "chengguan"
    assert petition.case.is_key
    assert petition.number in html
