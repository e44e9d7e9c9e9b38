"""The printable case sheet and the PDF downloads (case sheet, supervision order)."""

import datetime
import re
import sys
import zlib

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from common import pdf
from petitions import services as petition_services
from supervision.services import orders as order_services
from tests.petitions.conftest import make_id

pytestmark = pytest.mark.django_db

ID_ZHANG = make_id("33010219800101123")
PHONE_ZHANG = "13812345678"


@pytest.fixture
def case(make_case, clerk):
    case = make_case("follow_up", title="东湖镇征地补偿纠纷")
    petition_services.petition_register(
        actor=clerk,
        channel="visit",
        received_at=timezone.now(),
        people=[
            petition_services.PersonInput(
                name="张三", id_number=ID_ZHANG, phone=PHONE_ZHANG
            )
        ],
        content="村民反映征地补偿款未足额发放。",
        attach_to=case,
    )
    return case


@pytest.fixture
def order(case, clerk):
    return order_services.order_issue(
        actor=clerk,
        case=case,
        phase="during",
        requirements="五日内上门核实补偿款发放情况并书面回复",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )


def sheet_url(case):
    return reverse("cases:sheet", args=[case.pk])


# --- the case sheet ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["clerk", "liaison", "leader"])
def test_sheet_shows_the_case(request, login, case, who):
    response = login(request.getfixturevalue(who)).get(sheet_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.number in html
    assert "东湖镇征地补偿纠纷" in html
    assert "部门之间推诿" in html  # root cause: work mechanism
    assert "2019年起多次来访" in html  # root cause: history
    assert "镇长带队上门核算补偿款" in html  # the measure
    assert "王镇长" in html  # its responsible person
    assert 'data-testid="sheet-timeline"' in html
    assert "print.css" in html


@pytest.mark.parametrize("who", ["clerk", "liaison", "leader"])
def test_sheet_masks_petitioners_for_everyone(request, login, case, who):
    html = login(request.getfixturevalue(who)).get(sheet_url(case)).content.decode()
    assert "张*" in html
    assert "张三" not in html
    assert ID_ZHANG not in html
    assert PHONE_ZHANG not in html


def test_sheet_shows_only_the_latest_follow_up_entries(login, liaison, case):
    for i in range(12):
        case_services.progress_add(case=case, actor=liaison, content=f"进展第{i}条")
    response = login(liaison).get(sheet_url(case))
    assert [e.content for e in response.context["progress"]][:2] == [
        "进展第11条",
        "进展第10条",
    ]
    assert len(response.context["progress"]) == 10
    assert response.context["progress_total"] == 12
    assert "进展第1条" not in response.content.decode()
    assert len(response.context["events"]) <= 15


def test_sheet_is_404_outside_the_scope(login, other_liaison, case):
    assert login(other_liaison).get(sheet_url(case)).status_code == 404


def test_sheet_of_a_missing_case_is_404(login, clerk):
    assert login(clerk).get(reverse("cases:sheet", args=[999999])).status_code == 404


def test_detail_page_links_to_the_sheet(login, liaison, case):
    html = login(liaison).get(case.get_absolute_url()).content.decode()
    assert 'data-action="sheet"' in html
    assert sheet_url(case) in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_sheet_query_count_does_not_grow(login, liaison, case):
    client = login(liaison)
    one = count_queries(client, sheet_url(case))
    for i in range(20):
        case_services.progress_add(case=case, actor=liaison, content=f"进展{i}")
        case_services.measure_add(
            case=case,
            actor=liaison,
            content=f"措施{i}",
            responsible_person="王镇长",
            due_date=timezone.localdate() + datetime.timedelta(days=5),
        )
    assert count_queries(client, sheet_url(case)) == one


# --- PDFs --------------------------------------------------------------------------


def assert_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 1000


def pdf_fonts(content: bytes) -> set[bytes]:
    """The fonts a PDF embeds, read from its compressed object streams."""
    fonts = set(re.findall(rb"/BaseFont\s*/([\w+-]+)", content))
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            data = zlib.decompressobj().decompress(match.group(1))
        except zlib.error:
            continue
        fonts |= set(re.findall(rb"/BaseFont\s*/([\w+-]+)", data))
    return fonts


@pytest.mark.parametrize("who", ["clerk", "liaison", "leader"])
def test_case_sheet_pdf(request, login, case, who):
    response = login(request.getfixturevalue(who)).get(
        reverse("cases:sheet_pdf", args=[case.pk])
    )
    assert_pdf(response)
    assert f"{case.number}.pdf" in response["Content-Disposition"]
    # Chinese is set in the system's Noto CJK fonts (embedded, subset).
    assert any(b"CJK-SC" in font for font in pdf_fonts(response.content))


def test_case_sheet_pdf_is_404_outside_the_scope(login, other_liaison, case):
    url = reverse("cases:sheet_pdf", args=[case.pk])
    assert login(other_liaison).get(url).status_code == 404


@pytest.mark.parametrize("who", ["clerk", "liaison", "leader"])
def test_order_pdf(request, login, order, who):
    response = login(request.getfixturevalue(who)).get(
        reverse("supervision:order_pdf", args=[order.pk])
    )
    assert_pdf(response)
    assert f"{order.number}.pdf" in response["Content-Disposition"]


def test_order_pdf_is_404_for_another_units_liaison(login, other_liaison, order):
    url = reverse("supervision:order_pdf", args=[order.pk])
    assert login(other_liaison).get(url).status_code == 404


def test_order_pages_link_to_the_pdf(login, liaison, order):
    client = login(liaison)
    url = reverse("supervision:order_pdf", args=[order.pk])
    assert url in client.get(order.get_absolute_url()).content.decode()
    printed = client.get(reverse("supervision:order_print", args=[order.pk]))
    assert url in printed.content.decode()


def test_without_weasyprint_the_pdf_is_a_clear_503(
    login, liaison, case, order, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails
    client = login(liaison)
    for url in (
        reverse("cases:sheet_pdf", args=[case.pk]),
        reverse("supervision:order_pdf", args=[order.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 503
        assert response["Content-Type"].startswith("text/html")
        assert 'data-testid="pdf-unavailable"' in response.content.decode()


def test_without_weasyprint_scope_is_still_checked_first(
    login, other_liaison, case, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    url = reverse("cases:sheet_pdf", args=[case.pk])
    assert login(other_liaison).get(url).status_code == 404


# --- the PDF renderer reads the static folder and nothing else ---------------------


def test_fetcher_serves_static_files():
    static = pdf.static_roots()[0][1]
    expected = static / "css" / "print.css"
    assert pdf.static_file_for("file:///static/css/print.css") == expected
    assert pdf.static_file_for("http://testserver/static/css/print.css") == expected
    assert pdf.static_file_for(expected.as_uri()) == expected
    assert pdf.static_file_for(pdf.base_url() + "css/print.css") == expected


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "http://example.com/static/missing.css",
        "ftp://example.com/static/css/print.css",
        "file:///static/",
    ],
)
def test_fetcher_refuses_everything_else(url):
    assert pdf.static_file_for(url) is None


def test_fetcher_refuses_files_beside_the_static_folder():
    outside = settings.BASE_DIR / "config" / "settings" / "base.py"
    assert pdf.static_file_for(outside.as_uri()) is None
    assert pdf.static_file_for("file:///static/../config/settings/base.py") is None
