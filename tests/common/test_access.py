import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from accounts.models import Unit, User
from common import access

pytestmark = pytest.mark.django_db


def test_liaison_sees_only_the_users_of_their_own_unit(liaison, other_liaison, clerk):
    visible = set(access.scope(liaison, User.objects.all()))
    assert visible == {liaison}


@pytest.mark.parametrize("who", ["clerk", "leader", "admin_user"])
def test_bureau_leaders_and_admins_see_every_user(request, who, liaison, other_liaison):
    user = request.getfixturevalue(who)
    visible = set(access.scope(user, User.objects.all()))
    assert {liaison, other_liaison, user} <= visible


def test_anonymous_and_inactive_users_see_nothing(liaison, township):
    assert not access.scope(AnonymousUser(), Unit.objects.all()).exists()
    liaison.is_active = False
    assert not access.scope(liaison, User.objects.all()).exists()


def test_get_for_user_is_404_outside_the_scope(liaison, other_liaison):
    with pytest.raises(Http404):
        access.get_for_user(liaison, User.objects.all(), pk=other_liaison.pk)
    assert access.get_for_user(liaison, User.objects.all(), pk=liaison.pk) == liaison


def test_get_for_user_is_404_for_a_malformed_id(liaison):
    with pytest.raises(Http404):
        access.get_for_user(liaison, User.objects.all(), pk="not-a-number")


def test_a_model_without_a_rule_is_refused(clerk):
    with pytest.raises(ImproperlyConfigured):
        access.scope(clerk, Group.objects.all())


def test_only_admins_may_open_the_admin_site(clerk, liaison, leader, admin_user):
    assert access.can(admin_user, "admin.site")
    for user in (clerk, liaison, leader):
        assert not access.can(user, "admin.site")
    with pytest.raises(ImproperlyConfigured):
        access.can(clerk, "no.such.action")
