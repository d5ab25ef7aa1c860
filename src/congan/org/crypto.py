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
import binascii
import datetime
import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

from congan.config.keys import Keyring

PREFIX = "enc1:"
_BPREFIX = PREFIX.encode()


class DecryptionFailed(ValueError):
    """A sealed value did not open: wrong key, or a value changed or moved in the database."""


_RING: list[Keyring] = []


def keyring() -> Keyring:
    """The data keyring of the settings, held here (a settings read is a lazy-object lookup, and
    sealing asks once a value); forgotten when the setting changes (override_settings)."""
    if not _RING:
        _RING.append(settings.CONGAN_DATA_KEYS)
    return _RING[0]


@receiver(setting_changed)
def _forget_keyring(*, setting: str, **kwargs) -> None:
    if setting == "CONGAN_DATA_KEYS":
        _RING.clear()


# --- what each call used to derive again, kept per key ------------------------------------------
# Sealing runs once a personal value, an import seals ~9 values and keys ~6 blind indexes a
# resident: the AES-GCM objects, the HMAC subkeys' prepared state (hmac's inner and outer hash
# after the key block, copied per value), the associated data and the header of each key are made
# once (bench/seal_bench.py).

_AEADS: dict[tuple[str, bytes], AESGCM] = {}
_SEALERS: dict[int, tuple[Keyring, AESGCM, str, bytes]] = {}
_AAD: dict[str, bytes] = {}


def _aead(ring: Keyring, key_id: str) -> AESGCM:
    secret = ring.key(key_id)
    aead = _AEADS.get((key_id, secret))
    if aead is None:
        aead = _AEADS[(key_id, secret)] = AESGCM(ring.subkey("field-encryption", key_id))
    return aead


def _sealer(ring: Keyring) -> tuple[Keyring, AESGCM, str, bytes]:
    """The current key's AES-GCM object and the text and bytes headers of what it seals."""
    found = _SEALERS.get(id(ring))
    if found is None or found[0] is not ring:  # held here, so an id is never another ring's
        key_id = ring.current_id
        found = _SEALERS[id(ring)] = (ring, _aead(ring, key_id), f"{PREFIX}{key_id}:",
                                      _BPREFIX + key_id.encode() + b":")
    return found


def _aad(context: str) -> bytes:
    aad = _AAD.get(context)
    if aad is None:
        aad = _AAD[context] = context.encode()
    return aad


class _Nonces:
    """96-bit random nonces, read from the OS a few thousand at a time (one system call, not one
    a value). Each is popped from a list, atomically (no two threads get the same one), and a
    forked child starts with an empty list: a nonce is never handed out twice."""

    BATCH = 4096

    def __init__(self) -> None:
        self._pool: list[bytes] = []

    def clear(self) -> None:
        self._pool = []

    def take(self) -> bytes:
        try:
            return self._pool.pop()
        except IndexError:
            block = os.urandom(12 * self.BATCH)
            pool = [block[i:i + 12] for i in range(0, len(block), 12)]
            nonce = pool.pop()
            self._pool = pool  # a thread refilling at the same time replaces a list, never reuses one
            return nonce


_NONCES = _Nonces()
os.register_at_fork(after_in_child=_NONCES.clear)


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
    _, aead, _, header = _sealer(ring or keyring())
    nonce = _NONCES.take()
    return header + nonce + aead.encrypt(nonce, bytes(plain), _aad(context))


def unseal_bytes(data: bytes | None, context: str, *, ring: Keyring | None = None) -> bytes | None:
    if data is None or not is_sealed(data):
        return None if data is None else bytes(data)
    data = bytes(data)
    ring = ring or keyring()
    key_id, _, body = data[len(_BPREFIX):].partition(b":")
    try:
        return _aead(ring, key_id.decode()).decrypt(body[:12], body[12:], _aad(context))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed(f"{context}: a value sealed with key {key_id.decode()!r} does not open — "
                               "wrong CONGAN_DATA_KEY, or the value was changed in the database") from exc


def seal(plain: str | None, context: str, *, ring: Keyring | None = None) -> str | None:
    """The sealed form of `plain` for the column named by `context` ("table.column")."""
    if plain is None or plain == "":
        return plain
    _, aead, header, _ = _sealer(ring or keyring())
    nonce = _NONCES.take()
    body = nonce + aead.encrypt(nonce, plain.encode(), _aad(context))
    return header + binascii.b2a_base64(body, newline=False).decode("ascii")


def unseal(text: str | None, context: str, *, ring: Keyring | None = None) -> str | None:
    """The plain value of a sealed one; a value not sealed (a database not yet migrated,
    `congan keys migrate`) is returned as it is."""
    if not is_sealed(text):
        return text
    ring = ring or keyring()
    key_id, _, body = text[len(PREFIX):].partition(":")
    try:
        raw = base64.b64decode(body, validate=True)
        return _aead(ring, key_id).decrypt(raw[:12], raw[12:], _aad(context)).decode()
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed(
            f"{context}: a value sealed with key {key_id!r} does not open — wrong CONGAN_DATA_KEY, "
            "or the value was changed or moved in the database") from exc


_MAC_BASES: dict[tuple[str, str, bytes], tuple[object, dict[str, str]]] = {}
#: Terms this short ('w:ng', a word's first letters) come back all the time: their MACs are kept.
_SHORT_TERM = 6
_SHORT_KEPT = 20_000


def _mac_base(purpose: str, key_id: str, secret: bytes) -> tuple[object, dict[str, str]]:
    """HMAC-SHA256 under the purpose's subkey, keyed but fed nothing: `.copy()` it per value (the
    key's two hash blocks are computed once, not at every index); OpenSSL's HMAC object itself when
    the hmac module has one (copy, update and hexdigest are then C calls). With it, the MACs of
    the short terms seen so far."""
    found = _MAC_BASES.get((purpose, key_id, secret))
    if found is None:
        subkey = hmac.new(secret, f"congan:{purpose}".encode(), hashlib.sha256).digest()
        mac = hmac.new(subkey, digestmod=hashlib.sha256)
        found = _MAC_BASES[(purpose, key_id, secret)] = (getattr(mac, "_hmac", None) or mac, {})
    return found


def _macs(purpose: str, key_id: str | None, terms) -> list[str]:
    ring = keyring()
    key_id = key_id or ring.current_id
    base, short = _mac_base(f"blind-index:{purpose}", key_id, ring.key(key_id))
    copy = base.copy
    out = []
    for term in terms:
        if not term:
            continue
        if len(term) <= _SHORT_TERM:
            digest = short.get(term)
            if digest is None:
                if len(short) >= _SHORT_KEPT:
                    short.clear()
                mac = copy()
                mac.update(term.encode())
                digest = short[term] = mac.hexdigest()
        else:
            mac = copy()
            mac.update(term.encode())
            digest = mac.hexdigest()
        out.append(digest)
    return out


def blind_index_set(purpose: str, terms, *, key_id: str | None = None, size: int = 32) -> list[str]:
    """The blind indexes of several normalised values under one key, sorted (a name's terms),
    `size` hex digits each; empty values are left out."""
    return sorted({digest[:size] for digest in _macs(purpose, key_id, terms)})


def blind_index(purpose: str, normalised: str, *, key_id: str | None = None, size: int = 32) -> str:
    """Keyed HMAC of an already normalised value, as `size` hex digits ('' for an empty value)."""
    if not normalised:
        return ""
    return _macs(purpose, key_id, (normalised,))[0][:size]


def blind_indexes(purpose: str, normalised: str, *, size: int = 32) -> list[str]:
    """The value's blind index under every key of the ring: a search during a rotation finds rows
    indexed under the old key as well as the new. None for an empty value."""
    if not normalised:
        return []
    return sorted({blind_index(purpose, normalised, key_id=k, size=size) for k in keyring().keys})


def blind_indexes_of(purpose: str, terms, *, size: int = 32) -> list[str]:
    """The blind indexes of several values under every key of the ring (a search's terms)."""
    return sorted({k for key_id in keyring().keys for k in blind_index_set(purpose, terms, key_id=key_id, size=size)})


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

