"""Each role × own / co-handling / foreign unit × each case page and action."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from cases.models import Case
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, HIDDEN = 200, 403, 404

# who: clerk, leader (the case's), other_leader, own (liaison of the owning unit),
# co (liaison of a co-handling unit), foreign (liaison of another unit), admin
WHO = ["clerk", "leader", "other_leader", "own", "co", "foreign", "admin"]

PAGES = {
    # page: expected status for each of WHO
    "detail": (OK, OK, OK, OK, OK, HIDDEN, HIDDEN),
    "edit": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN),
    "assign": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN),
    "root_cause": (OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, HIDDEN, HIDDEN),
    "plan": (OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, HIDDEN, HIDDEN),
    "measure_add": (OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, HIDDEN, HIDDEN),
    "advance": (OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, HIDDEN, HIDDEN),
    "progress_add": (OK, FORBIDDEN, FORBIDDEN, OK, OK, HIDDEN, HIDDEN),
    "closing_submit": (OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, HIDDEN, HIDDEN),
    "closing_approve": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN),
    "closing_return": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN),
    "instruction_add": (FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN),
    "visit_add": (OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN),
    "attachment_add": (OK, FORBIDDEN, FORBIDDEN, OK, OK, HIDDEN, HIDDEN),
}
ITEM_PAGES = {
    "instruction_answer": (OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, HIDDEN, HIDDEN),
    "lookback_record": (OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, HIDDEN, HIDDEN),
    "attachment_download": (OK, OK, OK, OK, OK, HIDDEN, HIDDEN),
}


@pytest.fixture
def world(clerk, leader, liaison, other_liaison, admin_user, leadership, make_case):
    co_unit = UnitFactory(code="co", name="县住建局", kind=Unit.Kind.DEPARTMENT)
    people = {
        "clerk": clerk,
        "leader": leader,
        "other_leader": UserFactory(username="leader2", role="leader", unit=leadership),
        "own": liaison,
        "co": UserFactory(username="co1", role="liaison", unit=co_unit),
        "foreign": other_liaison,
        "admin": admin_user,
    }
    case = make_case("closed", co_units=[co_unit])
    return people, case


@pytest.fixture
def items(world, leader, liaison, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases import services

    settings.MEDIA_ROOT = tmp_path
    _, case = world
    instruction = services.instruction_add(case=case, actor=leader, content="请抓紧")
    attachment = services.attachment_add(
        case=case,
        actor=liaison,
        upload=SimpleUploadedFile("reply.pdf", b"%PDF-1.4 test"),
        kind="reply",
    )
    return {
        "instruction_answer": instruction.pk,
        "lookback_record": case.lookbacks.first().pk,
        "attachment_download": attachment.pk,
    }


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("who", WHO)
def test_case_pages(client, world, page_name, who):
    people, case = world
    client.force_login(people[who])
    response = client.get(reverse(f"cases:{page_name}", args=[case.pk]))
    assert response.status_code == PAGES[page_name][WHO.index(who)]


@pytest.mark.parametrize("page_name", ITEM_PAGES)
@pytest.mark.parametrize("who", WHO)
def test_case_item_pages(client, world, items, page_name, who):
    people, case = world
    client.force_login(people[who])
    url = reverse(f"cases:{page_name}", args=[case.pk, items[page_name]])
    response = client.get(url)
    assert response.status_code == ITEM_PAGES[page_name][WHO.index(who)]


@pytest.mark.parametrize("who", WHO)
def test_case_list_shows_only_the_visible_cases(client, world, make_case, who):
    people, case = world
    elsewhere = make_case(
        "in_progress", title="西山乡拖欠工资", unit=people["foreign"].unit
    )
    client.force_login(people[who])
    response = client.get(reverse("cases:index"))
    if who == "admin":
        assert response.status_code == FORBIDDEN
        return
    shown = {c.pk for c in response.context["page"].object_list}
    expected = {
        "clerk": {case.pk, elsewhere.pk},
        "leader": {case.pk, elsewhere.pk},
        "other_leader": {case.pk, elsewhere.pk},
        "own": {case.pk},
        "co": {case.pk},
        "foreign": {elsewhere.pk},
    }[who]
    assert shown == expected


def test_forbidden_posts_change_nothing(client, world):
    people, case = world
    before = Case.objects.values().get(pk=case.pk)
    events = case.events.count()
    for who, page, data in [
        ("co", "closing_return", {"reason": "x"}),
        ("own", "closing_approve", {}),
        ("leader", "edit", {"title": "x", "version": case.version}),
        ("foreign", "progress_add", {"kind": "progress", "content": "x"}),
        ("other_leader", "instruction_add", {"content": "x"}),
        ("admin", "assign", {}),
    ]:
        client.force_login(people[who])
        response = client.post(reverse(f"cases:{page}", args=[case.pk]), data)
        assert response.status_code in (FORBIDDEN, HIDDEN), (who, page)
    assert Case.objects.values().get(pk=case.pk) == before
    assert case.events.count() == events


def test_only_clerks_open_cases(client, world):
    people, _ = world
    for who in WHO:
        client.force_login(people[who])
        response = client.get(reverse("cases:create"))
        assert response.status_code == (OK if who == "clerk" else FORBIDDEN), who


def test_leader_acts_on_area_and_sector_cases(client, world, make_case, leadership):
    from cases.models import Category, LeaderArea, LeaderSector

    people, _ = world
    area_leader = people["other_leader"]
    other_case = make_case(
        "in_progress", title="西山乡案件", unit=people["foreign"].unit
    )
    client.force_login(area_leader)
    url = reverse("cases:instruction_add", args=[other_case.pk])
    assert client.get(url).status_code == FORBIDDEN
    LeaderArea.objects.create(leader=area_leader, unit=people["foreign"].unit)
    assert client.get(url).status_code == OK

    sector_leader = UserFactory(username="leader3", role="leader", unit=leadership)
    client.force_login(sector_leader)
    assert client.get(url).status_code == FORBIDDEN
    LeaderSector.objects.create(
        leader=sector_leader, category=Category.objects.get(code="land")
    )
    assert client.get(url).status_code == OK
