"""Two-step verification (两步验证): an authenticator app's code after the password.

Administrators must use it; anyone else may turn it on. Each user has at most one
authenticator, a django-otp `TOTPDevice`: unconfirmed while being set up, confirmed
once the user has typed a code it produced. A session counts as verified when
django-otp's `login()` has recorded the device in it (`request.user.is_verified()`);
`accounts.middleware.TwoFactorMiddleware` keeps sessions that owe a code on the
pages that settle it.

Every write is here (the views and the `two_factor_reset` command call these), and
every code is checked through django-otp's `verify_token`, which locks the device
row, refuses a code already used and counts wrong codes for its throttle.
"""

import math
import xml.etree.ElementTree as ET
from base64 import b32encode

import qrcode
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

from accounts.models import User
from common.errors import ActionRefused
from common.roles import Role

DEVICE_NAME = "authenticator"


class WrongCode(ActionRefused):
    """The code is not the one the authenticator shows now (or was already used)."""

    def __init__(self):
        super().__init__(
            _(
                "The code is not correct. Enter the 6-digit code your authenticator "
                "app shows now."
            )
        )


class TooManyTries(ActionRefused):
    """Too many wrong codes in a row: the authenticator waits before the next try."""

    def __init__(self, seconds: int):
        super().__init__(
            _(
                "Too many wrong codes in a row. Wait %(seconds)s seconds, then enter "
                "the code your authenticator app shows now."
            )
            % {"seconds": seconds}
        )
        self.seconds = seconds


# --- reads -------------------------------------------------------------------------


def is_required(user) -> bool:
    """Administrators may not work without a second factor."""
    return getattr(user, "role", None) == Role.ADMIN


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_user(user_id) -> User | None:
    """The user a half-finished login (password given, code not yet) is for:
    still active and still with an authenticator, or None."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return user if user is not None and has_device(user) else None


def has_device(user) -> bool:
    return (
        user.is_authenticated
        and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed: base32, in fours."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The setup QR code as inline SVG markup: made here, nothing is fetched."""
    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage)
    root = image.get_image()
    # As wide as its box (the viewBox keeps it square), not fixed millimetres.
    root.set("width", "100%")
    root.attrib.pop("height", None)
    root.set("class", "qr-code")
    root.set("role", "img")
    root.set("aria-label", str(_("QR code for your authenticator app")))
    return ET.tostring(root, encoding="unicode")


# --- checking a code -----------------------------------------------------------------


def check_code(*, user: User, token: str, device: TOTPDevice | None = None):
    """The device that accepts `token` for `user` (their confirmed one by default).

    Raises `TooManyTries` while the device's throttle is on (the code is not even
    looked at) and `WrongCode` otherwise; a wrong code makes the next wait longer.
    """
    device = device or confirmed_device(user)
    if device is None:
        raise WrongCode()
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise TooManyTries(_seconds_until(info))
    verified = verify_token(user, device.persistent_id, token)
    if verified is None:
        raise WrongCode()
    return verified


def _seconds_until(info) -> int:
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


# --- writes --------------------------------------------------------------------------


def enrol_begin(*, actor: User) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so a
    reload shows the QR code the user may already have scanned."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=actor, name=DEVICE_NAME, confirmed=False
        )
    return device


def enrol_confirm(*, actor: User, token: str) -> TOTPDevice:
    """Turn two-step verification on with the first code of the new authenticator.

    Raises `ActionRefused` when it is already on, `WrongCode`/`TooManyTries` for the
    code. Returns the confirmed device (the caller records it in the session).
    """
    if has_device(actor):
        raise ActionRefused(_("Two-step verification is already on."))
    pending = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if pending is None:
        raise ActionRefused(
            _("The setup has expired. Scan the new QR code and enter its code.")
        )
    device = check_code(user=actor, token=token, device=pending)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    return device


def disable(*, actor: User, token: str) -> int:
    """Turn two-step verification off, with a current code; returns devices removed.

    An administrator may do it too (to move to a new phone): they are sent to set
    up a new authenticator at once (the middleware sees to that).
    """
    check_code(user=actor, token=token)
    deleted, _by_model = TOTPDevice.objects.filter(user=actor).delete()
    return deleted


def reset(*, user: User) -> int:
    """Remove a user's authenticator when it is lost (an administrator's action or
    the `two_factor_reset` command): the next login asks for the password only, and
    an administrator sets up a new authenticator right after it."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted
