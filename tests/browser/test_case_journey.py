"""The main journey of a case, in a real browser."""

import pytest
from playwright.sync_api import expect

from cases.models import Case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in_as(browser, live_server, username, password):
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # confirm irreversible steps
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    return page


def test_case_from_opening_to_lookbacks(
    browser, live_server, clerk, liaison, leader, password, screenshot
):
    # The clerk opens a case and assigns it to the township.
    desk = log_in_as(browser, live_server, "clerk1", password)
    desk.goto(f"{live_server.url}/cases/")
    desk.get_by_test_id("new-case").click()
    desk.fill("#id_title", "东湖镇村民反映征地补偿款未足额发放")
    desk.fill("#id_summary", "2019年征地后，部分村民补偿款至今未足额发放。")
    desk.fill("#id_demands", "按标准补足补偿款")
    desk.select_option("#id_category", label="征地拆迁")
    desk.get_by_label("重复访").check()
    desk.get_by_role("button", name="保存").click()
    expect(desk.get_by_test_id("action-form")).to_be_visible()
    desk.select_option("#id_owning_unit", label="东湖镇")
    desk.select_option("#id_leader", label="陈县长")
    desk.get_by_role("button", name="保存").click()
    expect(desk.locator(".alert-success")).to_contain_text("案件已交办")
    case = Case.objects.get()
    case_url = f"{live_server.url}/cases/{case.pk}/"

    # The liaison finds the root cause, makes the plan, follows up and submits.
    town = log_in_as(browser, live_server, "liaison1", password)
    town.goto(f"{live_server.url}/cases/")
    town.get_by_role("link", name="东湖镇村民反映征地补偿款未足额发放").click()
    town.locator("[data-action=root-cause]").click()
    town.fill("#id_mechanism", "镇村两级与自然资源部门推诿，补偿款拨付无人牵头")
    town.fill("#id_history", "2019年征地，2021年起多次来访")
    town.get_by_role("button", name="保存").click()
    expect(town.get_by_test_id("root-cause")).to_contain_text("推诿")
    town.locator("[data-action=advance]").click()
    expect(town.locator("[data-stage]").first).to_have_text("开药方")
    town.locator("[data-action=plan]").click()
    town.fill("#id_strategy", "镇长包案，一户一核算")
    town.get_by_label("落实属地管理责任").check()
    town.get_by_role("button", name="保存").click()
    town.locator("[data-action=measure]").click()
    town.fill("#id_content", "逐户核算应补金额并公示")
    town.fill("#id_responsible_person", "王镇长")
    town.fill("#id_due_date", "2030-01-15")
    town.get_by_role("button", name="保存").click()
    expect(town.get_by_test_id("measures")).to_contain_text("逐户核算")
    town.locator("[data-action=advance]").click()
    expect(town.locator("[data-stage]").first).to_have_text("看疗效")
    town.locator("[data-action=progress]").click()
    town.fill("#id_content", "已补发12户补偿款，信访人表示认可")
    town.get_by_role("button", name="保存").click()
    expect(town.get_by_test_id("follow-up")).to_contain_text("已补发12户")
    town.locator("[data-action=submit-closing]").click()
    town.fill("#id_reply", "补偿款已按标准补足，书面答复已送达。")
    town.get_by_label("满意", exact=True).check()
    town.get_by_role("button", name="提交审核").click()
    expect(town.locator("[data-status]").first).to_have_text("已上报待审核")

    # The clerk approves; the look-backs appear on the case.
    desk.goto(case_url)
    desk.locator("[data-action=approve]").click()
    desk.get_by_role("button", name="通过并销号").click()
    expect(desk.locator("[data-status]").first).to_have_text("已化解销号")
    lookbacks = desk.get_by_test_id("lookbacks").locator("[data-lookback]")
    expect(lookbacks).to_have_count(3)
    expect(desk.get_by_test_id("lookbacks")).to_contain_text("待回头看")
    expect(desk.get_by_test_id("timeline")).to_contain_text("审核通过，销号")
    screenshot("case-closed-with-lookbacks", desk)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.lookbacks.count() == 3
