import pytest
from django.core.management import CommandError, call_command

from accounts.models import Unit, User

pytestmark = pytest.mark.django_db


def snapshot():
    units = list(
        Unit.objects.order_by("code").values_list(
            "code", "name", "kind", "parent__code", "sort_order"
        )
    )
    users = list(
        User.objects.order_by("username").values_list(
            "username", "name", "role", "unit__code", "is_staff", "is_superuser"
        )
    )
    return units, users


def test_seed_demo_twice_gives_the_same_county():
    call_command("seed_demo", stdout=None)
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first


def test_demo_county_has_the_promised_shape():
    call_command("seed_demo")
    assert Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).count() == 10
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count() == 12
    assert User.objects.filter(role="leader").count() == 6
    assert Unit.objects.get(code="taoyuan").parent.code == "chengguan"
    roles = dict(User.objects.values_list("username", "role"))
    assert roles["clerk"] == "clerk"
    assert roles["liaison"] == "liaison"
    assert roles["dept"] == "liaison"
    assert roles["leader"] == "leader"
    assert roles["admin"] == "admin"
    assert User.objects.get(username="liaison").unit.kind == Unit.Kind.TOWNSHIP
    assert User.objects.get(username="dept").unit.kind == Unit.Kind.DEPARTMENT
    for username in ("clerk", "liaison", "dept", "leader", "admin"):
        assert User.objects.get(username=username).check_password("demo12345")


def test_seed_demo_refuses_production(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="生产"):
        call_command("seed_demo")
    assert not User.objects.exists()
