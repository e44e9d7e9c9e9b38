import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRONG = "用户名或密码不正确，请重新输入。"


def test_login_with_right_password_lands_on_the_workbench(client, clerk, password):
    response = client.post(
        reverse("accounts:login"),
        {"username": "clerk1", "password": password},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == clerk
    assert "张科员" in response.content.decode()


def test_login_rotates_the_session_key(client, clerk, password):
    client.get(reverse("accounts:login"))
    client.cookies["sessionid"] = "attacker-chosen-session"
    client.post(reverse("accounts:login"), {"username": "clerk1", "password": password})
    assert client.cookies["sessionid"].value != "attacker-chosen-session"


def test_wrong_password_shows_a_clear_chinese_message(client, clerk):
    response = client.post(
        reverse("accounts:login"), {"username": "clerk1", "password": "nope-nope"}
    )
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_message_as_a_wrong_password(client, clerk):
    wrong_password = client.post(
        reverse("accounts:login"), {"username": "clerk1", "password": "nope-nope"}
    )
    unknown_user = client.post(
        reverse("accounts:login"), {"username": "nobody", "password": "nope-nope"}
    )
    assert WRONG in unknown_user.content.decode()
    assert (
        wrong_password.context["form"].non_field_errors()
        == unknown_user.context["form"].non_field_errors()
    )


def test_inactive_user_cannot_log_in_and_is_not_told_why(client, clerk, password):
    clerk.is_active = False
    clerk.save()
    response = client.post(
        reverse("accounts:login"), {"username": "clerk1", "password": password}
    )
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_pages_need_login(client):
    response = client.get(reverse("cases:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change(client, clerk, password):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "新的-Passw0rd-2026",
            "new_password2": "新的-Passw0rd-2026",
        },
        follow=True,
    )
    assert "您的密码已修改。" in response.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password("新的-Passw0rd-2026")


def test_password_change_with_wrong_old_password_shows_error_beside_field(
    client, clerk, password
):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong-one",
            "new_password1": "新的-Passw0rd-2026",
            "new_password2": "新的-Passw0rd-2026",
        },
    )
    html = response.content.decode()
    assert 'data-field-error="old_password"' in html
    clerk.refresh_from_db()
    assert clerk.check_password(password)
