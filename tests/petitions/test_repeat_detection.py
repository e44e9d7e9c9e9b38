"""Registration shows likely existing cases before saving."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case
from petitions.models import Petition
from petitions.selectors import likely_cases
from tests.petitions.conftest import ID_LI, ID_ZHANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_cases(clerk, category, register, make_case):
    land = make_case(
        "in_progress",
        title="东湖镇王家湾村征地补偿款未足额发放",
    )
    case_services.case_update_details(
        case=land,
        actor=clerk,
        title=land.title,
        summary="王家湾村2019年被征地，村民反映征地补偿款至今未足额发放，多次到县信访。",
        demands="补足征地补偿款",
        category=category,
        tags=[],
        is_key=False,
    )
    register(attach_to=land)  # 张三's earlier petition
    wages = case_services.case_create(
        actor=clerk,
        title="城关镇建筑工地拖欠农民工工资",
        summary="某建筑公司拖欠二十余名农民工工资约四十万元。",
        demands="支付拖欠工资",
        category=category,
    )
    school = case_services.case_create(
        actor=clerk,
        title="南塘镇幼儿园停工",
        summary="幼儿园建设项目停工两年，家长要求尽快复工。",
        category=category,
    )
    return land, wages, school


def test_finds_the_same_petitioner(clerk, county_cases):
    land, _, _ = county_cases
    found = likely_cases(user=clerk, id_numbers=[ID_ZHANG], text="完全不同的事情")
    assert found[0].case == land
    assert found[0].same_petitioner


def test_finds_a_reworded_complaint(clerk, county_cases):
    land, wages, _school = county_cases
    found = likely_cases(
        user=clerk,
        id_numbers=[ID_LI],  # someone else
        text="王家湾村民说征地的补偿款一直没有发足，要求政府补发",
    )
    assert found, "a reworded complaint must find the case"
    assert found[0].case == land
    assert not found[0].same_petitioner
    assert found[0].score > 0
    ranked = [c.case for c in found]
    if wages in ranked:
        assert ranked.index(land) < ranked.index(wages)


def test_does_not_suggest_an_unrelated_case_first(clerk, county_cases):
    land, wages, school = county_cases
    found = likely_cases(
        user=clerk, id_numbers=[], text="农民工工资被建筑公司拖欠，要求支付工资"
    )
    assert found[0].case == wages
    assert land not in [c.case for c in found[:1]]
    assert school not in [c.case for c in found[:1]]


def test_nothing_similar_finds_nothing(clerk, county_cases):
    found = likely_cases(user=clerk, id_numbers=[], text="ZZZ QQQ")
    assert found == []


def people_data(**first):
    data = {
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
    }
    for key, value in first.items():
        data[f"people-0-{key}"] = value
    return data


def form_data(**extra):
    return {
        "channel": "visit",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "content": "王家湾村征地补偿款还没有发足",
        "head_count": "1",
        **people_data(name="张三", id_number=ID_ZHANG, phone="13812345678"),
        **extra,
    }


def test_checking_shows_candidates_and_saves_nothing(login, clerk, county_cases):
    land, _, _ = county_cases
    before = Petition.objects.count()
    response = login(clerk).post(
        reverse("petitions:register"), form_data(action="check")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-candidate="{land.pk}"' in html
    assert "同一信访人" in html
    assert Petition.objects.count() == before


def test_saving_attaches_to_the_chosen_case(login, clerk, county_cases):
    land, _, _ = county_cases
    response = login(clerk).post(
        reverse("petitions:register"), form_data(action="save", link=str(land.pk))
    )
    assert response.status_code == 302
    petition = Petition.objects.order_by("-pk").first()
    assert petition.case == land
    assert petition.is_repeat


def test_saving_needs_a_choice_among_the_candidates(login, clerk, county_cases):
    _, _, _school = county_cases
    before = Petition.objects.count()
    response = login(clerk).post(
        reverse("petitions:register"), form_data(action="save", link="999999")
    )
    assert response.status_code == 400
    assert "请选择要并入的已有案件" in response.content.decode()
    assert Petition.objects.count() == before


def test_bad_id_number_is_refused_beside_the_field(login, clerk, county_cases):
    before = Petition.objects.count()
    data = form_data(action="check")
    data["people-0-id_number"] = "330102198001011230"
    response = login(clerk).post(reverse("petitions:register"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field-error="id_number"' in html
    assert "校验码" in html
    assert Petition.objects.count() == before


def test_closed_cases_come_only_by_the_same_petitioner(clerk, county_cases):
    land, _, _ = county_cases
    Case.objects.filter(pk=land.pk).update(status=Case.Status.CLOSED)
    text = "王家湾村民说征地的补偿款一直没有发足，要求政府补发"
    by_text = likely_cases(user=clerk, id_numbers=[ID_LI], text=text)
    assert land not in [c.case for c in by_text]
    by_person = likely_cases(user=clerk, id_numbers=[ID_ZHANG], text=text)
    assert by_person[0].case == land
    assert by_person[0].same_petitioner
