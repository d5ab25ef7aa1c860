"""Typed readers for settings from the environment; a bad value fails loudly at start-up."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from congan.config.files import private_dir

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def envsecret(name: str, *, fallback_file: Path | None = None, min_length: int = 1) -> str:
    """A secret from NAME, or from the file named by NAME_FILE.

    Outside production a missing secret is generated once into `fallback_file`, so the demo
    keeps its sessions across restarts without anyone committing a key.
    """
    value = given_secret(name)
    if value is None:
        if fallback_file is None:
            raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production")
        value = generated_secret(fallback_file, lambda: secrets.token_urlsafe(50))
    if len(value) < min_length:
        raise ImproperlyConfigured(f"{name} must be at least {min_length} characters long")
    return value


def given_secret(name: str) -> str | None:
    if value := os.environ.get(name):
        return value.strip()
    if path := os.environ.get(f"{name}_FILE"):
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc}") from None
    return None


def generated_secret(path: Path, make) -> str:
    """The secret kept in `path`, written there by `make()` on first use, readable by its owner only."""
    if not path.exists():
        private_dir(path.parent)
        try:
            # O_EXCL and the mode at creation: never a moment when the file is readable by others,
            # and two processes starting at once keep one secret.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(make())
    return path.read_text(encoding="utf-8").strip()
