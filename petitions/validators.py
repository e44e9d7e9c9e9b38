"""The national ID number (GB 11643-1999): 17 digits and a check character."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK[total % 11]


def normalise_id_number(value: str) -> str:
    return "".join(value.split()).upper()


def validate_id_number(value: str) -> None:
    """Raise ValidationError unless `value` is a valid 18-character ID number."""
    number = normalise_id_number(value)
    # ASCII digits only: "²" or "٣" pass isdigit() but are no ID number digits.
    if len(number) != 18 or not (number[:17].isascii() and number[:17].isdigit()):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a digit or X."),
            code="format",
        )
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The date of birth in this ID number does not exist."), code="birth"
        ) from exc
    if born.year < 1900:
        raise ValidationError(
            _("The date of birth in this ID number does not exist."), code="birth"
        )
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("This ID number is not valid: its check digit does not match."),
            code="checksum",
        )


def normalise_phone(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def validate_phone(value: str) -> None:
    digits = normalise_phone(value)
    if not 7 <= len(digits) <= 12:
        raise ValidationError(
            _("Enter a phone number of 7 to 12 digits (a mobile has 11)."), code="phone"
        )
    if len(digits) == 11 and not digits.startswith("1"):
        raise ValidationError(_("A mobile number starts with 1."), code="phone")
