import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_names(response):
    return [item["name"] for item in response.context["nav_items"]]


def test_clerk_navigation(login, clerk):
    names = nav_names(login(clerk).get(reverse("home")))
    assert names == [
        "home",
        "dashboard:index",
        "petitions:index",
        "cases:index",
        "reports:index",
        "supervision:index",
        "reports:scorecards",
    ]


def test_liaison_navigation_has_no_petition_registry_or_admin(login, liaison):
    response = login(liaison).get(reverse("home"))
    names = nav_names(response)
    assert names == [
        "home",
        "dashboard:index",  # their own unit's statistics
        "cases:index",
        "reports:index",
        "supervision:index",
    ]
    assert "本单位案件" in response.content.decode()


def test_leader_navigation_starts_with_the_dashboard(login, leader):
    names = nav_names(login(leader).get(reverse("cases:index")))
    assert names == [
        "dashboard:index",
        "cases:index",
        "reports:index",
        "supervision:index",
        "reports:scorecards",
    ]


def test_admin_navigation(login, admin_user):
    names = nav_names(login(admin_user).get(reverse("home")))
    assert names == ["home", "admin:index"]


@pytest.mark.parametrize("who", ["liaison", "clerk", "leader"])
def test_only_admins_open_the_admin(request, login, who):
    user = request.getfixturevalue(who)
    user.is_staff = True  # even a wrongly flagged account stays out
    user.save()
    response = login(user).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = login(user).get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302


def test_admin_opens_units_and_users(login, admin_user, township):
    client = login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get(reverse("admin:accounts_unit_changelist"))
    assert "东湖镇" in response.content.decode()
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_admin_adding_a_user_without_a_unit_gets_a_message_not_an_error(
    login, admin_user
):
    from accounts.models import User

    response = login(admin_user).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newbie",
            "name": "新人",
            "role": "liaison",
            "unit": "",
            "password1": "A-long-pass-2026",
            "password2": "A-long-pass-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "除系统管理员外，每个用户都必须属于一个单位。" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()
