"""Settings from the environment: typed values, secrets from a file, and a bad value refused loudly
at start-up rather than read as something else."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from congan.config.env import envbool, envint, envlist, envsecret, envstr


def test_strings_and_their_default(monkeypatch):
    monkeypatch.delenv("CONGAN_X", raising=False)
    assert envstr("CONGAN_X", "var") == "var"
    monkeypatch.setenv("CONGAN_X", "Cần Thơ")
    assert envstr("CONGAN_X", "var") == "Cần Thơ"


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("TRUE", True), (" yes ", True), ("on", True),
                                            ("0", False), ("false", False), ("No", False), ("", False)])
def test_booleans_in_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("CONGAN_FLAG", raw)
    assert envbool("CONGAN_FLAG", not value) is value


def test_a_boolean_that_is_neither_fails_loudly(monkeypatch):
    monkeypatch.setenv("CONGAN_PRODUCTION", "ja")
    with pytest.raises(ImproperlyConfigured, match="CONGAN_PRODUCTION must be true or false, not 'ja'"):
        envbool("CONGAN_PRODUCTION", False)


def test_whole_numbers(monkeypatch):
    monkeypatch.delenv("CONGAN_N", raising=False)
    assert envint("CONGAN_N", 60) == 60
    monkeypatch.setenv("CONGAN_N", "")
    assert envint("CONGAN_N", 60) == 60
    monkeypatch.setenv("CONGAN_N", "15")
    assert envint("CONGAN_N", 60) == 15
    monkeypatch.setenv("CONGAN_N", "15 minutes")
    with pytest.raises(ImproperlyConfigured, match="CONGAN_N must be a whole number, not '15 minutes'"):
        envint("CONGAN_N", 60)


def test_lists_drop_blanks(monkeypatch):
    monkeypatch.delenv("CONGAN_HOSTS", raising=False)
    assert envlist("CONGAN_HOSTS", ["localhost"]) == ["localhost"]
    monkeypatch.setenv("CONGAN_HOSTS", " congan.catp.cantho.gov.vn, ,10.0.0.5 ")
    assert envlist("CONGAN_HOSTS", []) == ["congan.catp.cantho.gov.vn", "10.0.0.5"]


def test_a_secret_from_the_variable_or_from_its_file(monkeypatch, tmp_path):
    monkeypatch.setenv("CONGAN_KEY", "from-env")
    assert envsecret("CONGAN_KEY") == "from-env"
    monkeypatch.delenv("CONGAN_KEY")
    secret = tmp_path / "key"
    secret.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("CONGAN_KEY_FILE", str(secret))
    assert envsecret("CONGAN_KEY") == "from-file"


def test_an_unreadable_secret_file_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.delenv("CONGAN_KEY", raising=False)
    monkeypatch.setenv("CONGAN_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="CONGAN_KEY_FILE: cannot read"):
        envsecret("CONGAN_KEY")


def test_production_without_a_secret_refuses_to_start(monkeypatch):
    monkeypatch.delenv("CONGAN_KEY", raising=False)
    monkeypatch.delenv("CONGAN_KEY_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match=r"CONGAN_KEY \(or CONGAN_KEY_FILE\) must be set in production"):
        envsecret("CONGAN_KEY", fallback_file=None)


def test_outside_production_a_key_is_made_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("CONGAN_KEY", raising=False)
    monkeypatch.delenv("CONGAN_KEY_FILE", raising=False)
    fallback = tmp_path / "var" / "secret_key"
    first = envsecret("CONGAN_KEY", fallback_file=fallback)
    assert len(first) >= 50 and envsecret("CONGAN_KEY", fallback_file=fallback) == first
    assert fallback.stat().st_mode & 0o777 == 0o600
