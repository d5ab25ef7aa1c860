"""Production settings: HTTPS only, a Content-Security-Policy, a strong secret key, never DEBUG."""

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "CONGAN_PRODUCTION": "true",
    "CONGAN_SECRET_KEY": "p" * 20 + "roduction-secret-key-for-the-deploy-check-0123456789",
    "CONGAN_AUDIT_KEY": "2026:" + "k" * 44,
    "CONGAN_DATA_KEY": "2026:" + "d" * 44,
    "CONGAN_ALLOWED_HOSTS": "congan.cantho.example",
}


def congan(*args, **env):
    """The command as an operator runs it: none of the suite's own settings (its database, the
    async switch the browser tests need) leak in."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CONGAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "-m", "congan", *args], env={**clean, **env},
                          capture_output=True, text=True, timeout=300)


def test_the_deploy_check_is_clean_in_production(tmp_path):
    run = congan("check", "--deploy", "--fail-level", "WARNING", CONGAN_DATA_DIR=str(tmp_path), **PRODUCTION)
    assert run.returncode == 0, run.stderr
    assert "System check identified no issues" in run.stdout


@pytest.mark.parametrize("change, message", [
    ({"CONGAN_SECRET_KEY": "x"}, "CONGAN_SECRET_KEY must be at least 50 characters"),
    ({"CONGAN_DEBUG": "1"}, "CONGAN_DEBUG cannot be on in production"),
    ({"CONGAN_AUDIT_KEY": ""}, "CONGAN_AUDIT_KEY (or CONGAN_AUDIT_KEY_FILE) must be set in production"),
    ({"CONGAN_DATA_KEY": ""}, "CONGAN_DATA_KEY (or CONGAN_DATA_KEY_FILE) must be set in production"),
])
def test_unsafe_production_settings_stop_the_start(tmp_path, change, message):
    run = congan("check", CONGAN_DATA_DIR=str(tmp_path), **{**PRODUCTION, **change})
    assert run.returncode != 0
    assert message in run.stderr
    assert not (tmp_path / "audit_key").exists()


def test_production_answers_plain_http_with_a_redirect_and_https_with_hsts_and_csp(tmp_path):
    script = (
        "from django.test import Client; c = Client();"
        "r = c.get('/accounts/login/', HTTP_HOST='congan.cantho.example');"
        "print(r.status_code, r['Location']);"
        "r = c.get('/accounts/login/', HTTP_HOST='congan.cantho.example', HTTP_X_FORWARDED_PROTO='https');"
        "print(r.status_code, r['Strict-Transport-Security'], '|', r['Content-Security-Policy'])"
    )
    run = congan("shell", "-c", script, CONGAN_DATA_DIR=str(tmp_path),
                 CONGAN_DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", **PRODUCTION)
    redirect, secure = run.stdout.strip().splitlines()[-2:]
    assert redirect == "301 https://congan.cantho.example/accounts/login/"
    assert secure.startswith("200 max-age=31536000; includeSubDomains; preload |")
    assert "script-src 'self'" in secure and "frame-ancestors 'none'" in secure
