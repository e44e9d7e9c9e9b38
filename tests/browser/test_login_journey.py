import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_clerk_logs_in_sees_chinese_home_and_switches_to_english(
    page, live_server, log_in, clerk, password, screenshot
):
    log_in("clerk1", password)
    expect(page.get_by_test_id("home-title")).to_have_text("您好，张科员")
    nav = page.get_by_test_id("main-nav")
    expect(nav).to_contain_text("信访件")
    expect(nav).to_contain_text("领导看板")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shot = screenshot("home-zh")
    assert shot.stat().st_size > 10_000

    page.get_by_test_id("language-switch").get_by_role("button", name="English").click()
    expect(page.get_by_test_id("home-title")).to_have_text("Hello, 张科员")
    expect(nav).to_contain_text("Petitions")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot("home-en")

    page.get_by_test_id("language-switch").get_by_role(
        "button", name="简体中文"
    ).click()
    expect(page.get_by_test_id("home-title")).to_have_text("您好，张科员")


def test_wrong_password_in_the_browser(page, live_server, log_in, clerk):
    log_in("clerk1", "not-the-password")
    expect(page.get_by_test_id("login-error")).to_have_text(
        "用户名或密码不正确，请重新输入。"
    )


def test_liaison_on_a_phone_sees_the_collapsed_menu(
    browser, live_server, liaison, password
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "liaison1")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    nav = page.get_by_test_id("main-nav")
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="切换导航").click()
    expect(nav).to_be_visible()
    expect(nav).to_contain_text("本单位案件")
    # Nothing wider than the phone's screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
