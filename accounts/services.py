"""Writes to units and users."""

from django.db import transaction

from accounts.models import Unit, User
from common.roles import Role


def unit_ensure(
    *, code: str, name: str, kind: str, parent: Unit | None = None, sort_order: int = 0
) -> Unit:
    """Create the unit with this code, or bring an existing one up to date."""
    unit, _ = Unit.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            "sort_order": sort_order,
            "is_active": True,
        },
    )
    return unit


@transaction.atomic
def user_ensure(
    *,
    username: str,
    name: str,
    role: str,
    unit: Unit | None,
    password: str,
    title: str = "",
    email: str = "",
) -> User:
    """Create the user with this username, or bring an existing one up to date.

    Administrators get the Django admin (is_staff and is_superuser); nobody else does.
    """
    is_admin = role == Role.ADMIN
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "name": name,
            "role": role,
            "unit": unit,
            "title": title,
            "email": email,
            "is_active": True,
            "is_staff": is_admin,
            "is_superuser": is_admin,
        },
    )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def unit_set_head(*, unit: Unit, head: User | None) -> Unit:
    """The head of a unit receives its escalations."""
    if unit.head_id != (head.pk if head else None):
        unit.head = head
        unit.save(update_fields=["head", "updated_at"])
    return unit
