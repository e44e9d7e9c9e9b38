"""A zero report in one tap on a phone; the bureau sees it on the grid."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import DailyReport
from supervision.services import reports as services
from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    """The `page` of these tests is a phone (the `screenshot` fixture shoots it)."""
    return {
        **browser_context_args,
        "viewport": PHONE,
        "is_mobile": True,
        "has_touch": True,
    }


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    return page


def test_zero_report_in_one_tap_shows_on_the_grid(
    browser, page, live_server, clerk, liaison, township, password, screenshot
):
    today = timezone.localdate()
    services.period_declare(
        actor=clerk,
        name="全国两会报告期",
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=2),
        # The last moment of the day: the tap is on time whenever the test runs.
        cutoff_time=datetime.time(23, 59, 59),
    )

    # The liaison, on a phone, taps the zero report once.
    phone = log_in(page, live_server, "liaison1", password)
    phone.goto(f"{live_server.url}/reports/")
    button = phone.get_by_test_id("zero-report")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["width"] >= 300
    assert box["height"] >= 44  # a big, easy target
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("zero-report-phone-before")
    button.tap()
    expect(phone.get_by_test_id("report-confirmation")).to_be_visible()
    expect(phone.get_by_test_id("zero-report")).to_have_count(0)
    # Nothing is wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("zero-report-phone")
    report = DailyReport.objects.get()
    assert (report.unit, report.kind, report.date) == (township, "zero", today)

    # The clerk, at a desk, sees it on the grid.
    desk = log_in(
        browser.new_context(viewport={"width": 1366, "height": 900}).new_page(),
        live_server,
        "clerk1",
        password,
    )
    desk.goto(f"{live_server.url}/reports/")
    grid = desk.get_by_test_id("report-grid")
    expect(grid).to_be_visible()
    cell = grid.locator(f'[data-cell="{township.pk}-{today.isoformat()}"]')
    expect(cell).to_have_attribute("data-status", "zero")
    ARTIFACTS.mkdir(exist_ok=True)
    desk.screenshot(path=str(ARTIFACTS / "zero-report-grid.png"), full_page=True)
