import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_opens_the_dashboard_and_follows_a_number(
    page, live_server, log_in, leader, make_case, password, screenshot
):
    make_case("in_progress", title="包案案件一")
    make_case("closing_submitted", title="包案案件二")
    log_in("leader1", password)
    page.goto(f"{live_server.url}/dashboard/")
    for chart in ("levels", "stages", "trends"):
        expect(page.locator(f'[data-chart="{chart}"]')).to_have_attribute(
            "data-rendered", "true"
        )
        expect(page.locator(f'[data-chart="{chart}"] svg')).to_have_count(1)
    screenshot("dashboard")
    tile = page.locator('[data-number="closing"]')
    count = tile.get_attribute("data-count")
    assert count == "1"
    tile.click()
    expect(page.get_by_test_id("result-count")).to_contain_text(count)
    expect(page.get_by_test_id("case-table")).to_contain_text("包案案件二")
