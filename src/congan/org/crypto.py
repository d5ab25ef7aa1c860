"""Personal data encrypted at rest, field by field, and still searchable through blind indexes.

A value is sealed with AES-256-GCM (authenticated: a changed byte, a value moved from another
column or a wrong key fails loudly, never as garbage) under a subkey of the data keyring
(`CONGAN_DATA_KEY` / `CONGAN_DATA_KEY_FILE`, config/keys.py), and stored as text:

    enc1:<key id>:<base64(nonce 12 bytes + ciphertext + tag)>

The key id travels with each value, so `congan keys rotate` can re-seal row by row and a half-done
rotation still reads. The table and column are bound in as associated data. An empty value stays
empty (so blank keeps its meaning); `None` stays NULL.

The fields keep the model's attribute names: code reads and writes `person.full_name` as before.
A query cannot compare ciphertexts (each sealing is different), so every lookup but `isnull` on an
encrypted field raises: look for a value through its blind index instead, a keyed HMAC of the
normalised value (`blind_index`, `blind_indexes` for a search under every key of the ring).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models

from congan.config.keys import Keyring

PREFIX = "enc1:"
_AEADS: dict[tuple[str, bytes], AESGCM] = {}


class DecryptionFailed(ValueError):
    """A sealed value did not open: wrong key, or a value changed or moved in the database."""


def keyring() -> Keyring:
    return settings.CONGAN_DATA_KEYS


def _aead(ring: Keyring, key_id: str) -> AESGCM:
    secret = ring.key(key_id)
    aead = _AEADS.get((key_id, secret))
    if aead is None:
        aead = _AEADS[(key_id, secret)] = AESGCM(ring.subkey("field-encryption", key_id))
    return aead


_BPREFIX = PREFIX.encode()


def is_sealed(text: str | bytes | None) -> bool:
    if isinstance(text, (bytes, memoryview)):
        return bytes(text[:len(_BPREFIX)]) == _BPREFIX
    return bool(text) and text.startswith(PREFIX)


def key_id_of(text: str | bytes) -> str | None:
    if not is_sealed(text):
        return None
    if isinstance(text, (bytes, memoryview)):
        return bytes(text[len(_BPREFIX):len(_BPREFIX) + 40]).split(b":", 1)[0].decode()
    return text[len(PREFIX):].split(":", 1)[0]


def seal_bytes(plain: bytes | None, context: str, *, ring: Keyring | None = None) -> bytes | None:
    """Bytes sealed as `enc1:<key id>:` + nonce + ciphertext (a run's normalised records)."""
    if plain is None:
        return None
    ring = ring or keyring()
    nonce = os.urandom(12)
    sealed = _aead(ring, ring.current_id).encrypt(nonce, bytes(plain), context.encode())
    return _BPREFIX + ring.current_id.encode() + b":" + nonce + sealed


def unseal_bytes(data: bytes | None, context: str, *, ring: Keyring | None = None) -> bytes | None:
    if data is None or not is_sealed(data):
        return None if data is None else bytes(data)
    data = bytes(data)
    ring = ring or keyring()
    key_id, _, body = data[len(_BPREFIX):].partition(b":")
    try:
        return _aead(ring, key_id.decode()).decrypt(body[:12], body[12:], context.encode())
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed(f"{context}: a value sealed with key {key_id.decode()!r} does not open — "
                               "wrong CONGAN_DATA_KEY, or the value was changed in the database") from exc


def seal(plain: str | None, context: str, *, ring: Keyring | None = None) -> str | None:
    """The sealed form of `plain` for the column named by `context` ("table.column")."""
    if plain is None or plain == "":
        return plain
    ring = ring or keyring()
    nonce = os.urandom(12)
    sealed = _aead(ring, ring.current_id).encrypt(nonce, plain.encode(), context.encode())
    return f"{PREFIX}{ring.current_id}:{base64.b64encode(nonce + sealed).decode()}"


def unseal(text: str | None, context: str, *, ring: Keyring | None = None) -> str | None:
    """The plain value of a sealed one; a value not sealed (a database not yet migrated,
    `congan keys migrate`) is returned as it is."""
    if not is_sealed(text):
        return text
    ring = ring or keyring()
    key_id, _, body = text[len(PREFIX):].partition(":")
    try:
        raw = base64.b64decode(body, validate=True)
        return _aead(ring, key_id).decrypt(raw[:12], raw[12:], context.encode()).decode()
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed(
            f"{context}: a value sealed with key {key_id!r} does not open — wrong CONGAN_DATA_KEY, "
            "or the value was changed or moved in the database") from exc


def blind_index(purpose: str, normalised: str, *, key_id: str | None = None, size: int = 32) -> str:
    """Keyed HMAC of an already normalised value, as `size` hex digits ('' for an empty value)."""
    if not normalised:
        return ""
    ring = keyring()
    key_id = key_id or ring.current_id
    return _mac(_subkey(f"blind-index:{purpose}", key_id, ring.key(key_id)), normalised)[:size]


def blind_index_set(purpose: str, terms, *, key_id: str | None = None, size: int = 32) -> list[str]:
    """The blind indexes of several normalised values under one key, sorted (a name's terms)."""
    ring = keyring()
    key_id = key_id or ring.current_id
    subkey = _subkey(f"blind-index:{purpose}", key_id, ring.key(key_id))
    return sorted({_mac(subkey, t)[:size] for t in terms if t})


@lru_cache(maxsize=64)
def _subkey(purpose: str, key_id: str, secret: bytes) -> bytes:
    return hmac.new(secret, f"congan:{purpose}".encode(), hashlib.sha256).digest()


@lru_cache(maxsize=500_000)
def _mac(subkey: bytes, text: str) -> str:
    # cached: an import indexes the same family names and first letters over and over
    return hmac.new(subkey, text.encode(), hashlib.sha256).hexdigest()


def blind_indexes(purpose: str, normalised: str, *, size: int = 32) -> list[str]:
    """The value's blind index under every key of the ring: a search during a rotation finds rows
    indexed under the old key as well as the new. None for an empty value."""
    if not normalised:
        return []
    return sorted({blind_index(purpose, normalised, key_id=k, size=size) for k in keyring().keys})


class EncryptedMixin:
    """Sealed in the database, plain on the model. Subclasses say how a value becomes text."""

    encrypted = True

    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def to_text(self, value) -> str | None:
        return value

    def from_text(self, text: str | None):
        return text

    def get_prep_value(self, value):
        value = self.to_python(value)
        return seal(self.to_text(value), self.context())

    def from_db_value(self, value, expression, connection):
        return self.from_text(unseal(value, self.context()))

    def seal_value(self, value) -> str | None:
        """The database form of a value, for paths that write rows without the ORM (COPY)."""
        return seal(self.to_text(value), self.context())

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted: it cannot be compared in SQL "
                         f"('{lookup_name}'); use its blind index")

    def get_transform(self, lookup_name):
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted: no '{lookup_name}' in SQL")


class EncryptedTextField(EncryptedMixin, models.TextField):
    """Text, sealed. `max_length` bounds the plain value in forms and checks, not the column."""

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def formfield(self, **kwargs):
        # A one-line input like the CharField it replaces, not a textarea.
        return models.Field.formfield(self, **{"form_class": forms.CharField, "max_length": self.max_length,
                                               **({"empty_value": None} if self.null else {}), **kwargs})


class EncryptedDateField(EncryptedMixin, models.TextField):
    """A date, sealed as its ISO text; the model holds a `datetime.date`."""

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, datetime.date):
            return value or None
        return models.DateField().to_python(value)

    def to_text(self, value) -> str | None:
        return value.isoformat() if value else None

    def from_text(self, text):
        return datetime.date.fromisoformat(text) if text else None

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """JSON, sealed as one value (a correction's old and new values of personal fields)."""

    def to_python(self, value):
        return value

    def to_text(self, value) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def from_text(self, text):
        return None if text is None else json.loads(text)

    def get_prep_value(self, value):
        return seal(self.to_text(value), self.context())

    def value_to_string(self, obj):
        return self.to_text(self.value_from_object(obj))


class EncryptedBinaryField(EncryptedMixin, models.BinaryField):
    """Bytes, sealed as bytes."""

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        return seal_bytes(value, self.context())

    def get_db_prep_value(self, value, connection, prepared=False):
        value = self.get_prep_value(value) if not prepared else value
        return connection.Database.Binary(value) if value is not None else None

    def from_db_value(self, value, expression, connection):
        return unseal_bytes(value, self.context())

    def seal_value(self, value):
        return seal_bytes(value, self.context())


def encrypted_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]

