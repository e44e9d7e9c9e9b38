"""Encryption at rest and keyed hashes for personal data (ID numbers, phones).

Values are encrypted with Fernet (AES-128-CBC + HMAC) under the keys in
FIELD_ENCRYPTION_KEYS (the first encrypts; all decrypt, for key rotation). Exact
lookup uses a keyed hash (HMAC-SHA256 under FIELD_HASH_KEY) of the normalised
value, so the database never holds a plain ID number or phone, and a stolen copy
of it cannot be searched by brute-forcing ID numbers without the key.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _derived_key(purpose: str) -> bytes:
    digest = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        if settings.ENVIRONMENT == "production":
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS must be set in production"
            )
        keys = [_derived_key("field-encryption").decode()]
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


@cache
def _hash_key() -> bytes:
    key = getattr(settings, "FIELD_HASH_KEY", "")
    if not key:
        if settings.ENVIRONMENT == "production":
            raise ImproperlyConfigured("FIELD_HASH_KEY must be set in production")
        return _derived_key("field-hash")
    return key.encode()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong key or damaged value") from exc


def keyed_hash(value: str) -> str:
    """HMAC of the normalised value: for exact lookup without storing the value."""
    normalised = "".join(value.split()).upper()
    return hmac.new(_hash_key(), normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python sees the plain value.

    It cannot be filtered or sorted on: store a keyed hash beside it for lookups.
    """

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
