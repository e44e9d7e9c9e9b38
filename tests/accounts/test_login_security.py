import pytest
from axes.models import AccessFailureLog
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def attempt(client, password):
    return client.post(
        reverse("accounts:login"), {"username": "clerk1", "password": password}
    )


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(
    client, clerk, password
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong-pass").status_code == 200
    locked = attempt(client, "wrong-pass")
    assert locked.status_code == 429
    assert 'data-testid="locked-out"' in locked.content.decode()
    assert "30 分钟后再试" in locked.content.decode()
    right = attempt(client, password)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_are_recorded(client, clerk):
    attempt(client, "wrong-pass")
    attempt(client, "wrong-again")
    assert AccessFailureLog.objects.filter(username="clerk1").count() == 2


def test_behind_nginx_failures_count_against_the_client_not_the_proxy(
    client, clerk, password, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "clerk1", "password": "wrong-pass"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.9"
    }
    # Someone else behind the same nginx is not locked out of the account.
    other = client.post(
        reverse("accounts:login"),
        {"username": "clerk1", "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert other.status_code == 302


def test_a_success_resets_the_count(client, clerk, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong-pass")
    assert attempt(client, password).status_code == 302
    client.post(reverse("accounts:logout"))
    assert attempt(client, "wrong-pass").status_code == 200  # counting anew


def test_sessions_end_after_30_idle_minutes(login, clerk):
    client = login(clerk)
    client.get(reverse("home"))
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request restarts the clock


def test_content_security_policy_allows_no_inline_script(login, clerk):
    response = login(clerk).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    script = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert script.split() == ["script-src", "'self'"]
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script():
    import re
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    offenders = [
        str(path.relative_to(root))
        for folder in [root / "templates", *root.glob("*/templates")]
        for path in folder.rglob("*.html")
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_login_next_stays_on_the_site(client, clerk, password):
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/steal",
        {"username": "clerk1", "password": password, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
