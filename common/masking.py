"""Masked forms of personal data for lists and exports."""


def mask_id_number(value: str) -> str:
    """3301**********1234: the region prefix and the last four digits."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * (len(value) - 2) + value[-2:]
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张** : the family name only."""
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_address(value: str, keep: int = 6) -> str:
    """The first few characters (county, township), the rest hidden."""
    if not value:
        return ""
    return value[:keep] + "****" if len(value) > keep else value
