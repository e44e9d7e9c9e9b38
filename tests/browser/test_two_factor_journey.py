"""An administrator's first login: setting up two-step verification, then logging in
with a code, in a real browser."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from common.roles import Role
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def new_admin(bureau):
    return UserFactory(
        username="admin2",
        name="新管理员",
        role=Role.ADMIN,
        unit=bureau,
        is_staff=True,
        is_superuser=True,
    )


def test_admin_sets_up_two_step_verification_and_logs_in_with_a_code(
    page, live_server, log_in, new_admin, password, totp_code, screenshot
):
    problems = []
    page.on(
        "console",
        lambda m: m.type == "error" and problems.append((m.text, m.location["url"])),
    )
    page.on("pageerror", lambda e: problems.append((str(e), "")))

    # The password alone lands on the setup page, with no menu to wander off to.
    log_in("admin2", password)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/$"))
    expect(page.get_by_test_id("two-factor-required")).to_be_visible()
    expect(page.get_by_test_id("main-nav")).to_have_count(0)
    qr = page.get_by_test_id("two-factor-qr").locator("svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150
    assert abs(box["width"] - box["height"]) < 2  # square: scannable
    screenshot("two-factor-setup")

    # Nothing else opens until it is done.
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_test_id("two-factor-required")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=%2Fadmin%2F$"))

    # The key on the page is the device's: an app typing it in gets the same codes.
    device = TOTPDevice.objects.get(user=new_admin)
    typed = page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    assert b32decode(typed) == device.bin_key
    code = f"{totp(b32decode(typed)):06d}"

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    page.fill("input[name=otp_token]", wrong)
    page.get_by_test_id("two-factor-confirm").locator("button").click()
    expect(page.locator('[data-field-error="otp_token"]')).to_be_visible()

    # Typed too soon after a wrong one the right code would wait a second.
    page.wait_for_timeout(1100)
    page.fill("input[name=otp_token]", code)
    page.get_by_test_id("two-factor-confirm").locator("button").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_be_visible()

    # Logging in again takes the password and then a code.
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    log_in("admin2", password)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/$"))
    expect(page.get_by_test_id("two-factor-who")).to_contain_text("新管理员")
    screenshot("two-factor-verify")
    page.fill("input[name=otp_token]", totp_code(device))
    page.get_by_test_id("two-factor-verify").locator("button").click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()

    # The menu leads to the settings, which say it is on.
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("two-factor-link").click()
    expect(page.get_by_test_id("two-factor-status")).to_be_visible()

    # No script error, no blocked inline script (the Django admin's pages have no
    # favicon link, so the browser asks for /favicon.ico: not ours to judge here).
    assert [p for p in problems if not p[-1].endswith("/favicon.ico")] == []
