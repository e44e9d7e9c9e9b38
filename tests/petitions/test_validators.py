import pytest
from django.core.exceptions import ValidationError

from petitions.validators import id_check_character, validate_id_number


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the X check character
        "11010519491231002x",  # lower-case x is accepted and normalised
        "44052419880101001" + id_check_character("44052419880101001"),
        "330102198001011234"[:17] + id_check_character("33010219800101123"),
    ],
)
def test_valid_id_numbers(number):
    validate_id_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "checksum"),  # wrong check digit
        ("11010519491231002", "format"),  # 17 characters
        ("1101051949123100XX", "format"),
        ("110105194913310028", "birth"),  # month 13
        ("110105194902300023", "birth"),  # 30 February
        ("ABCDEFGHIJKLMNOPQR", "format"),
    ],
)
def test_invalid_id_numbers(number, code):
    with pytest.raises(ValidationError) as info:
        validate_id_number(number)
    assert info.value.code == code


def test_check_character_can_be_x():
    assert id_check_character("11010519491231002") == "X"
