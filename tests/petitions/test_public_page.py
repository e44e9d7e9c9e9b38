"""The public progress page (阳光信访): progress for the code, nothing personal."""

import pytest
from django.urls import reverse

from cases import services as case_services
from petitions import services
from tests.petitions.conftest import ID_ZHANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(register, clerk, liaison, make_case):
    case = make_case("follow_up")
    petition = register(attach_to=case)
    services.petition_decide(
        petition=petition, actor=clerk, decision="accepted", reason="予以受理。"
    )
    case_services.progress_add(
        case=case,
        actor=liaison,
        content="内部：信访人情绪激动，注意稳控",
        kind="concern",
    )
    case_services.progress_add(case=case, actor=liaison, content="已约见信访人")
    from cases.models import ProgressEntry

    ProgressEntry.objects.filter(content="已约见信访人").update(is_public=True)
    return petition


def query(client, code, last4, **extra):
    return client.post(
        reverse("public:query"), {"code": code, "phone_last4": last4}, **extra
    )


def test_code_and_phone_show_progress(client, answered):
    response = query(client, answered.query_code, "5678")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="query-result"' in html
    assert "看疗效" in html
    assert "化解中" in html
    assert "已约见信访人" in html  # a reply marked public
    assert "予以受理。" in html


def test_the_page_leaks_nothing_personal_or_internal(client, answered):
    html = query(client, answered.query_code, "5678").content.decode()
    for secret in (
        "张三",
        "张*",
        ID_ZHANG,
        "13812345678",
        "王家湾村3组",
        "内部：信访人情绪激动",  # an internal note
        "部门之间推诿",  # the root-cause findings
        "东湖镇",  # the owning unit and the address
    ):
        assert secret not in html, secret


def test_code_is_case_insensitive_and_spaces_are_ignored(client, answered):
    code = answered.query_code.lower()
    code = code[:5] + " " + code[5:]
    assert query(client, code, "5678").status_code == 200


def test_wrong_code_and_wrong_phone_give_the_same_answer(client, answered):
    wrong_phone = query(client, answered.query_code, "0000")
    wrong_code = query(client, "ZZZZZZZZZZ", "5678")
    assert wrong_phone.status_code == wrong_code.status_code == 404
    assert 'data-testid="query-result"' not in wrong_phone.content.decode()

    def message(response):
        html = response.content.decode()
        start = html.index('data-testid="not-found"')
        return html[start : html.index("</div>", start)]

    assert message(wrong_phone) == message(wrong_code)


def test_repeated_tries_are_slowed_then_blocked(client, answered, monkeypatch):
    import time

    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def attempt(after_seconds):
        now[0] += after_seconds
        return query(client, "ZZZZZZZZZZ", "0000")

    # Five tries pass at once.
    assert [attempt(1).status_code for _ in range(5)] == [404] * 5
    # Then each try has to wait longer: 5 s, 10 s, 20 s, 40 s, 80 s.
    too_soon = attempt(1)
    assert too_soon.status_code == 429
    assert "秒后再试" in too_soon.content.decode()
    for wait in (5, 10, 20, 40, 80):
        assert attempt(wait).status_code == 404
    # After ten tries in the window the address is blocked, even a right answer.
    now[0] += 300
    blocked = query(client, answered.query_code, "5678")
    assert blocked.status_code == 429
    assert "尝试次数过多" in blocked.content.decode()
    assert 'data-testid="query-result"' not in blocked.content.decode()


def test_other_addresses_are_not_slowed(client, answered):
    for _ in range(7):
        query(client, "ZZZZZZZZZZ", "0000")
    other = query(client, answered.query_code, "5678", REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_public_reception_days(client, clerk, leader):
    import datetime

    from django.utils import timezone

    services.reception_day_save(
        actor=clerk,
        leader=leader,
        date=timezone.localdate() + datetime.timedelta(days=3),
        start_time=datetime.time(9),
        end_time=datetime.time(11, 30),
        place="县信访局一楼接待大厅",
        topics="征地拆迁、社会保障",
    )
    services.reception_day_save(
        actor=clerk,
        leader=leader,
        date=timezone.localdate() + datetime.timedelta(days=10),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        place="未公开",
        is_published=False,
    )
    html = client.get(reverse("public:reception_days")).content.decode()
    assert "县信访局一楼接待大厅" in html
    assert "陈县长" in html
    assert "未公开" not in html
