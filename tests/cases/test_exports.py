"""The ledger export (台账): the case list's rows, scoped, masked, logged, streamed."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases import exports
from cases import services as case_services
from cases.models import Case
from common.models import AccessLog
from petitions import services as petition_services
from tests.petitions.conftest import make_id

pytestmark = pytest.mark.django_db

ID_ZHANG = make_id("33010219800101123")
ID_LI = make_id("33010219751231456")
PHONE_ZHANG = "13812345678"
PHONE_LI = "13987654321"
NUMBER_COLUMN = 1  # 案件编号
NAMES_COLUMN = 2  # 信访人
TITLE_COLUMN = 3  # 信访事项
PROGRESS_COLUMN = 16  # 最新进展


def attach_petition(case, clerk, *people):
    return petition_services.petition_register(
        actor=clerk,
        channel="visit",
        received_at=timezone.now(),
        people=list(people),
        content="村民反映征地补偿款未足额发放。",
        attach_to=case,
    )


def zhang():
    return petition_services.PersonInput(
        name="张三", id_number=ID_ZHANG, phone=PHONE_ZHANG
    )


def li():
    return petition_services.PersonInput(name="李四", id_number=ID_LI, phone=PHONE_LI)


def export(client, query=""):
    response = client.get(reverse("cases:export") + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response


def workbook_rows(response):
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def data_rows(response):
    header, *rows = workbook_rows(response)
    assert len(header) == len(exports.ledger_columns())
    return rows


def numbers(rows):
    return sorted(row[NUMBER_COLUMN] for row in rows)


# --- the file ----------------------------------------------------------------------


def test_export_is_an_xlsx_attachment_named_by_date(login, clerk, make_case):
    make_case("in_progress")
    response = export(login(clerk))
    assert response["Content-Type"] == exports_content_type()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"{timezone.localdate():%Y%m%d}.xlsx" in disposition
    assert response["Cache-Control"] == "no-store"


def exports_content_type():
    from cases.views.exports import XLSX

    return XLSX


def test_header_row_then_one_row_per_case_with_its_facts(login, clerk, make_case):
    case = make_case("follow_up", title="东湖镇征地补偿纠纷")
    case_services.progress_add(case=case, actor=clerk, content="已上门核算补偿款。")
    rows = data_rows(export(login(clerk)))
    assert len(rows) == 1
    row = rows[0]
    assert row[0] == 1  # 序号
    assert row[NUMBER_COLUMN] == case.number
    assert row[TITLE_COLUMN] == "东湖镇征地补偿纠纷"
    assert row[4] == "按标准补足补偿款"  # 诉求
    assert row[6] == case.owning_unit.name
    assert row[PROGRESS_COLUMN] == "已上门核算补偿款。"


def test_latest_progress_is_truncated(login, clerk, make_case):
    case = make_case("in_progress")
    case_services.progress_add(case=case, actor=clerk, content="旧" * 10)
    case_services.progress_add(case=case, actor=clerk, content="新" * 500)
    (row,) = data_rows(export(login(clerk)))
    assert row[PROGRESS_COLUMN].startswith("新")
    assert len(row[PROGRESS_COLUMN]) == exports.PROGRESS_CHARS


def test_text_that_looks_like_a_formula_stays_text(login, clerk, make_case):
    make_case("in_progress", title='=HYPERLINK("http://example.com","点我")')
    body = b"".join(export(login(clerk)).streaming_content)
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    cell = sheet.cell(row=2, column=TITLE_COLUMN + 1)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


# --- the rows: the list's filters and the user's scope -----------------------------


def test_rows_are_exactly_those_of_the_filter(login, clerk, make_case):
    working = [make_case("in_progress", title=f"办理中{i}") for i in range(3)]
    make_case("new", title="待交办")
    make_case("closed", title="已销号")
    rows = data_rows(export(login(clerk), "status=in_progress"))
    assert numbers(rows) == sorted(c.number for c in working)
    assert [row[0] for row in rows] == [1, 2, 3]


def test_the_export_ignores_the_page_number(login, clerk, make_case):
    for i in range(3):
        make_case("in_progress", title=f"案件{i}")
    assert len(data_rows(export(login(clerk), "page=2"))) == 3


def test_liaison_exports_only_their_units_cases(
    login, liaison, make_case, other_township
):
    own = make_case("in_progress", title="本镇案件")
    co_handled = make_case(
        "in_progress", title="协办案件", unit=other_township, co_units=[liaison.unit]
    )
    make_case("in_progress", title="外乡案件", unit=other_township)
    rows = data_rows(export(login(liaison)))
    assert numbers(rows) == sorted([own.number, co_handled.number])


def test_other_liaison_sees_none_of_this_units_cases(login, other_liaison, make_case):
    make_case("in_progress")
    assert data_rows(export(login(other_liaison))) == []


def test_administrators_may_not_export(login, admin_user):
    response = login(admin_user).get(reverse("cases:export"))
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("cases:export"))
    assert response.status_code == 302


# --- personal data -----------------------------------------------------------------


@pytest.fixture
def case_with_people(make_case, clerk):
    case = make_case("in_progress")
    attach_petition(case, clerk, zhang(), li())
    attach_petition(case, clerk, zhang())  # the same person again: listed once
    return case


@pytest.mark.parametrize("who", ["liaison", "leader"])
def test_others_see_masked_names_only(request, login, case_with_people, who):
    (row,) = data_rows(export(login(request.getfixturevalue(who))))
    assert row[NAMES_COLUMN] == "张*、李*"


def test_clerks_see_full_names(login, clerk, case_with_people):
    (row,) = data_rows(export(login(clerk)))
    assert row[NAMES_COLUMN] == "张三、李四"


@pytest.mark.parametrize("who", ["clerk", "liaison", "leader"])
def test_no_id_number_or_phone_anywhere(request, login, case_with_people, who):
    cells = [
        str(value)
        for row in workbook_rows(export(login(request.getfixturevalue(who))))
        for value in row
        if value is not None
    ]
    text = "\n".join(cells)
    for secret in (ID_ZHANG, ID_LI, PHONE_ZHANG, PHONE_LI):
        assert secret not in text
    # Nor any part of them that would identify the person (masked forms included).
    for fragment in (ID_ZHANG[-4:], ID_LI[-4:], PHONE_ZHANG[-4:], PHONE_LI[-4:]):
        assert fragment not in text


# --- the access log ----------------------------------------------------------------


def test_each_export_writes_one_access_log_row(login, liaison, make_case):
    make_case("in_progress")
    client = login(liaison)
    export(client, "status=in_progress&q=征地")
    export(client)
    logs = list(AccessLog.objects.order_by("id"))
    assert len(logs) == 2
    first = logs[0]
    assert first.user == liaison
    assert first.action == AccessLog.Action.EXPORT == "export"
    assert first.object_type == "cases.Case"
    assert "status=in_progress" in first.detail
    assert "q=征地" in first.detail
    assert logs[1].detail == ""


def test_a_long_query_string_is_cut_to_fit_the_log(login, clerk):
    export(login(clerk), "q=" + "征" * 300)
    log = AccessLog.objects.get()
    assert len(log.detail) == AccessLog._meta.get_field("detail").max_length


# --- streaming: the queries do not grow with the rows ------------------------------


def count_export_queries(client, query=""):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:export") + query)
        rows = data_rows(response)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(rows)


@pytest.mark.parametrize("who", ["clerk", "liaison", "leader"])
def test_query_count_does_not_grow_with_rows(
    request, login, clerk, make_case, township, other_township, tags, who
):
    def add_cases(count, start):
        for i in range(start, start + count):
            case = make_case(
                "in_progress", title=f"案件{i}", co_units=[other_township], tags=tags
            )
            case_services.progress_add(case=case, actor=clerk, content=f"进展{i}")
            attach_petition(case, clerk, zhang())

    client = login(request.getfixturevalue(who))
    add_cases(10, 0)
    ten, rows = count_export_queries(client, "?status=in_progress")
    assert rows == 10
    add_cases(50, 10)
    assert Case.objects.count() == 60
    sixty, rows = count_export_queries(client, "?status=in_progress")
    assert rows == 60
    assert sixty == ten
