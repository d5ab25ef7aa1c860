"""On PostgreSQL the server connects as a role that owns no table: it cannot rewrite the audit trail.

The test sets up what docs/operations.md tells an operator to: an owner role that runs
`congan init --app-role APP` on its own database, and the application role APP. Role names come
from CONGAN_TEST_PG_ROLE_PREFIX, by default the suite's database name, so parallel suites on one
server never share a role.
"""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from tests.support.figures import figure

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles"),
    pytest.mark.slow,
]


def _prefix() -> str:
    name = connection.settings_dict["NAME"].removeprefix("test_")
    return os.environ.get("CONGAN_TEST_PG_ROLE_PREFIX", f"{name}_")


def _url(role: str, database: str) -> str:
    s = connection.settings_dict
    return f"postgres://{role}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{database}"


def _admin():
    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                           password=s["PASSWORD"] or None, dbname="postgres", autocommit=True)


def congan(*args, url, check=True):
    env = {k: v for k, v in os.environ.items() if k != "CONGAN_DATABASE_URL"}
    run = subprocess.run([sys.executable, "-m", "congan", *args], env={**env, "CONGAN_DATABASE_URL": url},
                         capture_output=True, text=True, timeout=600)
    assert not check or run.returncode == 0, run.stderr[-2000:]
    return run


@pytest.fixture(scope="module")
def roles():
    prefix = _prefix()
    owner, app, database = f"{prefix}owner", f"{prefix}app", f"{prefix}roles"
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in (app, owner):
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
            admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    try:
        init = congan("init", "--app-role", app, url=_url(owner, database))
        assert f"application role {app}" in init.stdout
        yield {"owner": owner, "app": app, "database": database}
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for role in (app, owner):
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_the_application_role_works_and_appends_to_the_audit_trail(roles, tmp_path):
    url = _url(roles["app"], roles["database"])
    work = congan("shell", "-c", "from congan.org.services import create_demo_accounts; create_demo_accounts();"
                  "from django.test import Client; c = Client(HTTP_HOST='127.0.0.1');"
                  "r = c.post('/accounts/login/', {'username': 'anhoa', 'password': 'wrong-password'});"
                  "r = c.post('/accounts/login/', {'username': 'anhoa', 'password': 'congan-demo-2026'});"
                  "print(r.status_code, c.get('/registry/people/').status_code)", url=url)
    assert work.stdout.split()[-2:] == ["302", "200"]
    verify = congan("audit", "verify", "--checkpoints", str(tmp_path), url=url)
    assert "audit chain intact: 3 entries" in verify.stdout  # the failed sign-in, the sign-in, the list


BYPASSES = {
    "update": "UPDATE org_auditentry SET object_id = '999'",
    "delete": "DELETE FROM org_auditentry",
    "truncate": "TRUNCATE org_auditentry",
    "disable the trigger": "ALTER TABLE org_auditentry DISABLE TRIGGER org_auditentry_append_only",
    "session replication role": "SET session_replication_role = replica",
    "drop the table": "DROP TABLE org_auditentry CASCADE",
    "take ownership": "ALTER TABLE org_auditentry OWNER TO CURRENT_USER",
}


@pytest.mark.parametrize("kind", BYPASSES)
def test_the_application_role_cannot_bypass_the_guard(roles, kind):
    with psycopg.connect(_url(roles["app"], roles["database"]), autocommit=True) as app:
        before = app.execute("SELECT count(*), max(hash) FROM org_auditentry").fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(BYPASSES[kind])
        assert app.execute("SELECT count(*), max(hash) FROM org_auditentry").fetchone() == before
    figure("tampering", f"trigger bypass by the application role ({kind})", True)


def test_the_application_role_owns_nothing_and_the_deploy_check_says_so(roles):
    with psycopg.connect(_url(roles["owner"], roles["database"])) as owner:
        owned = owner.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [roles["app"]]).fetchone()
    assert owned == (0,)
    env_prod = {"CONGAN_PRODUCTION": "true", "CONGAN_SECRET_KEY": "s" * 60, "CONGAN_AUDIT_KEY": "k:" + "k" * 40,
                "CONGAN_DATA_KEY": "d:" + "d" * 40}
    for role, warned in ((roles["app"], False), (roles["owner"], True)):
        run = subprocess.run([sys.executable, "-m", "congan", "check", "--deploy", "--database", "default"],
                             env={**os.environ, **env_prod, "CONGAN_DATABASE_URL": _url(role, roles["database"])},
                             capture_output=True, text=True, timeout=300)
        assert ("congan.W001" in run.stderr + run.stdout) is warned


def test_init_refuses_an_application_role_that_does_not_exist(roles):
    run = congan("init", "--app-role", f"{_prefix()}nobody", url=_url(roles["owner"], roles["database"]), check=False)
    assert run.returncode == 2
    assert "does not exist: create it first" in run.stderr
