"""Keys outside the database: read with their ids, rotated, generated for the demo, refused when weak."""

import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from congan.config.keys import UnknownKey, envkeyring, parse_keyring

A, B = "a" * 40, "b" * 40


def test_the_first_key_is_current_and_older_ones_stay_readable():
    ring = parse_keyring("K", f"2026:{B}\n2025:{A}")
    assert ring.current_id == "2026"
    assert ring.mac("p", b"x", "2025") != ring.mac("p", b"x", "2026")
    assert ring.mac("p", b"x") == ring.mac("p", b"x", "2026")


def test_a_key_without_an_id_is_named_by_its_fingerprint():
    assert parse_keyring("K", A).current_id == parse_keyring("K", f"{A}, 2024:{B}").current_id


def test_purposes_get_their_own_subkeys():
    ring = parse_keyring("K", A)
    assert ring.subkey("audit-chain") != ring.subkey("audit-pseudonym")


@pytest.mark.parametrize("text, problem", [
    ("", "holds no key"),
    ("k1:short", "at least 32 characters"),
    (f"k1:{A},k1:{B}", "appears twice"),
    (f"bad id!:{A}", "key id"),
])
def test_malformed_keyrings_are_refused_naming_the_problem(text, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        parse_keyring("CONGAN_AUDIT_KEY", text)


def test_an_unknown_key_id_is_its_own_error():
    with pytest.raises(UnknownKey):
        parse_keyring("K", A).key("nope")


def test_the_keyring_is_read_from_a_file(tmp_path, monkeypatch):
    path = tmp_path / "keys"
    path.write_text(f"2026:{B}\n2025:{A}\n")
    monkeypatch.setenv("CONGAN_TEST_KEY_FILE", str(path))
    monkeypatch.delenv("CONGAN_TEST_KEY", raising=False)
    assert sorted(envkeyring("CONGAN_TEST_KEY").keys) == ["2025", "2026"]


def test_production_without_a_key_is_refused(monkeypatch):
    monkeypatch.delenv("CONGAN_TEST_KEY", raising=False)
    monkeypatch.delenv("CONGAN_TEST_KEY_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="must be set in production"):
        envkeyring("CONGAN_TEST_KEY")


def test_the_demo_key_is_generated_once_and_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("CONGAN_TEST_KEY", raising=False)
    monkeypatch.delenv("CONGAN_TEST_KEY_FILE", raising=False)
    path = tmp_path / "var" / "audit_key"
    first = envkeyring("CONGAN_TEST_KEY", fallback_file=path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert envkeyring("CONGAN_TEST_KEY", fallback_file=path) == first
