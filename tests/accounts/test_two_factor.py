"""Two-step verification: turning it on and off, the code step of the login, wrong
codes (message, throttle, lockout) and administrators, who must use it."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from common.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WRONG_CODE = "验证码不正确，请输入验证器应用当前显示的6位数字。"
TOO_MANY = "连续输错验证码次数过多"
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
SETTINGS = reverse("accounts:two_factor")
OFF = reverse("accounts:two_factor_off")


@pytest.fixture
def clerk_device(clerk):
    return TOTPDevice.objects.create(user=clerk, name="authenticator", confirmed=True)


@pytest.fixture
def new_admin(bureau):
    """An administrator who has never set up an authenticator."""
    return UserFactory(
        username="admin2",
        name="新管理员",
        role=Role.ADMIN,
        unit=bureau,
        is_staff=True,
        is_superuser=True,
    )


def password_step(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def code_step(client, code, **extra):
    return client.post(VERIFY, {"otp_token": code, **extra})


def logged_in(client):
    return "_auth_user_id" in client.session


def verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


def wrong(code):
    """A well-formed code that is not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def wait_out_the_throttle(device):
    """As if the user had waited after their wrong codes."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(hours=1)
    )


# --- turning it on -----------------------------------------------------------------


def test_settings_page_shows_an_inline_svg_qr_code_and_the_secret(login, clerk):
    client = login(clerk)
    response = client.get(SETTINGS)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=clerk)
    assert not device.confirmed
    qr = re.search(r'data-testid="two-factor-qr">(.*?)</div>', html, re.S).group(1)
    assert qr.strip().startswith("<svg")
    assert "<path" in qr
    # Nothing in it is fetched from anywhere, and no script runs.
    assert "href" not in qr
    assert "src=" not in qr
    assert "<script" not in qr
    assert "script-src 'self'" in response["Content-Security-Policy"]
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32  # 20 random bytes in base32
    # A reload shows the same secret: a QR code already scanned stays good.
    again = client.get(SETTINGS).content.decode()
    assert secret in again
    assert TOTPDevice.objects.filter(user=clerk).count() == 1


def test_a_user_turns_it_on_with_a_current_code(login, clerk, totp_code):
    client = login(clerk)
    client.get(SETTINGS)
    device = TOTPDevice.objects.get(user=clerk)
    before = client.session.session_key
    response = client.post(SETTINGS, {"otp_token": totp_code(device)}, follow=True)
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != before  # a new session key for the change
    html = response.content.decode()
    assert 'data-testid="two-factor-status"' in html
    assert 'data-testid="two-factor-off"' in html


def test_a_wrong_code_does_not_turn_it_on(login, clerk, totp_code):
    client = login(clerk)
    client.get(SETTINGS)
    device = TOTPDevice.objects.get(user=clerk)
    response = client.post(SETTINGS, {"otp_token": wrong(totp_code(device))})
    assert WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1
    assert not verified(client)


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "１２３４５６"])
def test_a_code_must_be_six_digits(login, clerk, typed):
    client = login(clerk)
    client.get(SETTINGS)
    response = client.post(SETTINGS, {"otp_token": typed})
    assert 'data-field-error="otp_token"' in response.content.decode()
    assert TOTPDevice.objects.get(user=clerk).throttling_failure_count == 0


def test_the_user_menu_links_to_the_settings(login, clerk):
    html = login(clerk).get(reverse("home")).content.decode()
    assert f'href="{SETTINGS}"' in html


# --- logging in with a code ----------------------------------------------------------


def test_without_an_authenticator_the_password_is_enough(client, clerk, password):
    response = password_step(client, "clerk1", password)
    assert response["Location"] == reverse("home")
    assert logged_in(client)


def test_with_an_authenticator_the_password_alone_does_not_log_in(
    client, clerk, clerk_device, password
):
    response = password_step(client, "clerk1", password)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert not logged_in(client)
    home = client.get(reverse("home"))
    assert home["Location"].startswith(LOGIN)
    assert client.get(reverse("cases:index"))["Location"].startswith(LOGIN)


def test_the_right_code_logs_in_with_a_new_session_key(
    client, clerk, clerk_device, password, totp_code
):
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen-session"
    password_step(client, "clerk1", password)
    after_password = client.cookies["sessionid"].value
    assert after_password != "attacker-chosen-session"
    page = client.get(VERIFY)
    assert 'name="otp_token"' in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()
    response = code_step(client, totp_code(clerk_device))
    assert response["Location"] == reverse("home")
    assert client.cookies["sessionid"].value != after_password
    assert logged_in(client)
    assert verified(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == clerk_device.persistent_id
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(
    client, clerk, clerk_device, password, totp_code
):
    password_step(client, "clerk1", password)
    response = code_step(client, wrong(totp_code(clerk_device)))
    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG_CODE in html
    assert 'data-field-error="otp_token"' in html
    assert not logged_in(client)


def test_a_code_works_only_once(client, clerk, clerk_device, password, totp_code):
    code = totp_code(clerk_device)
    password_step(client, "clerk1", password)
    code_step(client, code)
    assert logged_in(client)
    client.post(reverse("accounts:logout"))
    password_step(client, "clerk1", password)
    response = code_step(client, code)
    assert WRONG_CODE in response.content.decode()
    assert not logged_in(client)


def test_the_next_page_survives_the_code_step_and_stays_on_the_site(
    client, clerk, clerk_device, password, totp_code
):
    response = password_step(client, "clerk1", password, next="/cases/")
    assert response["Location"] == VERIFY + "?next=%2Fcases%2F"
    response = code_step(client, totp_code(clerk_device), next="/cases/")
    assert response["Location"] == "/cases/"

    client.post(reverse("accounts:logout"))
    password_step(client, "clerk1", password)
    response = code_step(
        client, totp_code(clerk_device), next="https://evil.example/steal"
    )
    assert response["Location"] == reverse("home")


def test_the_code_step_expires(client, clerk, clerk_device, password, totp_code):
    password_step(client, "clerk1", password)
    session = client.session
    session["two_factor_since"] -= 5 * 60 + 1
    session.save()
    response = code_step(client, totp_code(clerk_device))
    assert response["Location"].startswith(LOGIN)
    assert not logged_in(client)
    assert "two_factor_user" not in client.session


def test_the_code_page_without_a_password_step_goes_to_the_login(client, clerk):
    assert client.get(VERIFY)["Location"].startswith(LOGIN)
    assert client.post(VERIFY, {"otp_token": "123456"})["Location"].startswith(LOGIN)


def test_an_inactive_user_cannot_finish_the_code_step(
    client, clerk, clerk_device, password, totp_code
):
    password_step(client, "clerk1", password)
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    response = code_step(client, totp_code(clerk_device))
    assert response["Location"].startswith(LOGIN)
    assert not logged_in(client)


# --- throttling and lockout ----------------------------------------------------------


def test_throttling_is_on(settings):
    assert settings.OTP_TOTP_THROTTLE_FACTOR > 0


def test_after_wrong_codes_even_the_right_one_waits(
    client, clerk, clerk_device, password, totp_code
):
    password_step(client, "clerk1", password)
    code_step(client, wrong(totp_code(clerk_device)))
    clerk_device.refresh_from_db()
    assert clerk_device.throttling_failure_count == 1
    # Three wrong codes in a row: the authenticator now waits 4 seconds.
    TOTPDevice.objects.filter(pk=clerk_device.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=timezone.now()
    )
    response = code_step(client, totp_code(clerk_device))
    assert TOO_MANY in response.content.decode()
    assert not logged_in(client)
    # A throttled try is not even checked, and does not count as another failure.
    clerk_device.refresh_from_db()
    assert clerk_device.throttling_failure_count == 3
    # Once the wait is over the right code is taken, and the count starts again.
    wait_out_the_throttle(clerk_device)
    code_step(client, totp_code(clerk_device))
    assert logged_in(client)
    clerk_device.refresh_from_db()
    assert clerk_device.throttling_failure_count == 0


def test_wrong_codes_count_toward_the_login_lockout(
    client, clerk, clerk_device, password, totp_code, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # as if the user waited between tries
    password_step(client, "clerk1", "wrong-pass")
    password_step(client, "clerk1", "wrong-pass")
    password_step(client, "clerk1", password)
    for _ in range(settings.AXES_FAILURE_LIMIT - 3):
        assert code_step(client, wrong(totp_code(clerk_device))).status_code == 200
    assert AccessAttempt.objects.get(username="clerk1").failures_since_start == 4
    locked = code_step(client, wrong(totp_code(clerk_device)))
    assert locked.status_code == 429
    assert 'data-testid="locked-out"' in locked.content.decode()
    # Locked: the half-finished login is dropped, and the right password does not
    # get in either.
    code_step(client, totp_code(clerk_device))
    assert not logged_in(client)
    assert password_step(client, "clerk1", password).status_code == 429
    assert not logged_in(client)


def test_a_successful_code_resets_the_failure_count(
    client, clerk, clerk_device, password, totp_code, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    password_step(client, "clerk1", password)
    code_step(client, wrong(totp_code(clerk_device)))
    code_step(client, totp_code(clerk_device))
    assert logged_in(client)
    assert not AccessAttempt.objects.filter(username="clerk1").exists()


# --- turning it off ------------------------------------------------------------------


def test_turning_it_off_takes_the_password_and_a_current_code(
    login, client, clerk, clerk_device, password, totp_code
):
    login(clerk)
    code = totp_code(clerk_device)
    response = client.post(OFF, {"password": "wrong-pass", "otp_token": code})
    assert 'data-field-error="password"' in response.content.decode()
    response = client.post(OFF, {"password": password, "otp_token": wrong(code)})
    assert WRONG_CODE in response.content.decode()
    assert TOTPDevice.objects.filter(user=clerk).exists()

    wait_out_the_throttle(clerk_device)
    response = client.post(OFF, {"password": password, "otp_token": code})
    assert response["Location"] == SETTINGS
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert not verified(client)
    assert client.get(reverse("home")).status_code == 200  # still logged in
    # The next login takes the password only.
    client.post(reverse("accounts:logout"))
    password_step(client, "clerk1", password)
    assert logged_in(client)


def test_turning_it_off_is_a_post(login, clerk, clerk_device):
    assert login(clerk).get(OFF).status_code == 405


def test_turning_it_on_in_one_browser_asks_other_sessions_for_a_code(
    login, clerk, totp_code
):
    from django.test import Client

    other = Client()
    other.force_login(clerk)  # logged in before two-step verification was on
    client = login(clerk)
    client.get(SETTINGS)
    device = TOTPDevice.objects.get(user=clerk)
    client.post(SETTINGS, {"otp_token": totp_code(device)})
    response = other.get(reverse("cases:index"))
    assert response["Location"] == VERIFY + "?next=%2Fcases%2F"
    response = other.post(VERIFY, {"otp_token": totp_code(device), "next": "/cases/"})
    assert response["Location"] == "/cases/"
    assert other.get(reverse("cases:index")).status_code == 200


# --- administrators --------------------------------------------------------------


def every_url():
    """Every URL of the project that can be built, ids filled with 1."""

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                converters = entry.pattern.converters
                kwargs = {
                    key: 1 if isinstance(conv, IntConverter) else "x"
                    for key, conv in converters.items()
                }
                try:
                    yield name, reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    continue

    return dict(walk(get_resolver().url_patterns))


OPEN = {"accounts:login", "accounts:logout", "set_language", "healthz"}


def test_an_admin_without_an_authenticator_must_set_one_up_first(
    client, new_admin, password
):
    response = password_step(client, "admin2", password)
    assert response["Location"] == SETTINGS
    page = client.get(SETTINGS).content.decode()
    assert 'data-testid="two-factor-required"' in page
    assert 'data-testid="main-nav"' not in page  # no menu leading nowhere

    urls = every_url()
    assert {"admin:index", "admin:accounts_user_changelist", "cases:index"} <= set(urls)
    walked = 0
    for name, url in urls.items():
        if name in OPEN or name == "accounts:two_factor":
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__)
            assert response["Location"].startswith(SETTINGS), name
            walked += 1
    assert walked > 100
    # Nothing an admin page would have done happened.
    client.post(
        reverse("admin:accounts_user_add"),
        {"username": "sneaky", "role": "admin", "password1": "x", "password2": "x"},
    )
    assert not User.objects.filter(username="sneaky").exists()
    assert client.get(reverse("healthz")).status_code in (200, 503)


def test_the_admin_sets_it_up_and_then_works(client, new_admin, password, totp_code):
    password_step(client, "admin2", password, next="/admin/")
    response = client.get(SETTINGS + "?next=%2Fadmin%2F")
    assert 'value="/admin/"' in response.content.decode()
    device = TOTPDevice.objects.get(user=new_admin)
    before = client.session.session_key
    response = client.post(
        SETTINGS, {"otp_token": totp_code(device), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.session.session_key != before
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_an_admin_with_an_authenticator_gives_a_code_at_every_login(
    client, admin_user, password, totp_code
):
    device = admin_user.totpdevice_set.get()
    for _ in range(2):
        response = password_step(client, "admin1", password)
        assert response["Location"] == VERIFY
        assert client.get(reverse("admin:index"))["Location"].startswith(
            reverse("admin:login")
        )
        code_step(client, totp_code(device))
        assert client.get(reverse("admin:index")).status_code == 200
        client.post(reverse("accounts:logout"))


def test_the_admin_sites_own_login_page_still_asks_for_the_code(
    client, admin_user, password, totp_code
):
    client.post(
        reverse("admin:login"),
        {"username": "admin1", "password": password, "next": "/admin/"},
    )
    assert logged_in(client)
    assert not verified(client)
    for name in ("admin:index", "admin:accounts_user_changelist", "home"):
        response = client.get(reverse(name))
        assert response["Location"].startswith(VERIFY), name
    before = client.session.session_key
    response = code_step(client, totp_code(admin_user.totpdevice_set.get()))
    assert client.session.session_key != before
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_admin_moving_to_a_new_phone_must_set_it_up_again(
    login, client, admin_user, password, totp_code
):
    login(admin_user)
    page = client.get(SETTINGS).content.decode()
    assert 'data-testid="two-factor-off"' in page
    device = admin_user.totpdevice_set.get()
    client.post(OFF, {"password": password, "otp_token": totp_code(device)})
    assert not TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    assert client.get(reverse("admin:index"))["Location"].startswith(SETTINGS)


# --- resetting a lost authenticator -----------------------------------------------


def test_the_reset_command_removes_the_authenticator(clerk, clerk_device, capsys):
    call_command("two_factor_reset", "clerk1")
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert "clerk1" in capsys.readouterr().out


def test_an_admin_resets_a_users_authenticator_from_the_user_list(
    login, admin_user, clerk, clerk_device
):
    client = login(admin_user)
    changelist = reverse("admin:accounts_user_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(
        changelist,
        {"action": "reset_two_factor", "_selected_action": [clerk.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert admin_user.totpdevice_set.filter(confirmed=True).exists()


def test_the_admin_does_not_list_authenticator_secrets(login, admin_user):
    client = login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "totpdevice" not in html
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA
