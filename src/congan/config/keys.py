"""Keys kept outside the database, each with an id so it can rotate.

A keyring is read from NAME (or the file named by NAME_FILE): one key per line (or separated by
commas), written `id:secret`. The first key is the current one, used for everything new; the
others are older keys, kept so that what they sealed can still be checked. A key written without
an id gets the first 8 hex digits of its SHA-256 as id. Outside production a missing keyring is
generated once into a file of the data directory (mode 0600), like the secret key.

Each use derives its own subkey (`keyring.subkey(purpose)`), so that a key sealing the audit
chain never doubles as the key of something else.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from congan.config.env import generated_secret, given_secret

MIN_SECRET_LENGTH = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class UnknownKey(LookupError):
    """Something was sealed with a key id the keyring does not hold."""


@dataclass(frozen=True)
class Keyring:
    name: str
    keys: dict[str, bytes]
    current_id: str

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise UnknownKey(f"{self.name} holds no key with id {key_id!r}") from None

    def subkey(self, purpose: str, key_id: str | None = None) -> bytes:
        """A 32-byte key for one purpose, derived from the key `key_id` (default: the current)."""
        return hmac.new(self.key(key_id or self.current_id), f"congan:{purpose}".encode(),
                        hashlib.sha256).digest()

    def mac(self, purpose: str, data: bytes, key_id: str | None = None) -> str:
        """HMAC-SHA256 of `data` under the purpose's subkey, as 64 hex digits."""
        return hmac.new(self.subkey(purpose, key_id), data, hashlib.sha256).hexdigest()


def parse_keyring(name: str, text: str) -> Keyring:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for item in re.split(r"[\n,]", text):
        item = item.strip()
        if not item:
            continue
        key_id, sep, secret = item.partition(":")
        if not sep:
            key_id, secret = hashlib.sha256(item.encode()).hexdigest()[:8], item
        if not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(f"{name}: key id {key_id!r} must be 1-16 letters, digits, - or _")
        if len(secret) < MIN_SECRET_LENGTH:
            raise ImproperlyConfigured(f"{name}: key {key_id!r} must be at least {MIN_SECRET_LENGTH} characters")
        if key_id in keys:
            raise ImproperlyConfigured(f"{name}: key id {key_id!r} appears twice")
        keys[key_id] = secret.encode()
        order.append(key_id)
    if not keys:
        raise ImproperlyConfigured(f"{name} holds no key")
    return Keyring(name=name, keys=keys, current_id=order[0])


def envkeyring(name: str, *, fallback_file: Path | None = None) -> Keyring:
    """The keyring from NAME or NAME_FILE; outside production generated into `fallback_file`."""
    text = given_secret(name)
    if text is None:
        if fallback_file is None:
            raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production")
        text = generated_secret(fallback_file, lambda: f"dev{secrets.token_hex(2)}:{secrets.token_urlsafe(48)}")
    return parse_keyring(name, text)
