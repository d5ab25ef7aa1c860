"""The restore drill, on whichever database the suite runs on: data made, backed up, changed and
deleted afterwards, restored, and found exactly as in the backup, audit head included.

The backup is taken in-process from the test database; `congan restore` runs as a person runs it,
in a subprocess, into a scratch database: a temporary SQLite file, or `<test database>_restore` on
PostgreSQL (created by the restore, dropped afterwards).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from congan.org import audit, checkpoints, crypto
from congan.registry.models import Person
from tests.registry.factories import PersonFactory

pytestmark = pytest.mark.slow

CHANGE_AFTER_THE_BACKUP = """
import shutil
from django.conf import settings
from django.db import connection
from congan.org import audit, checkpoints
from congan.org.models import AuditEntry
from congan.registry.models import Person

if connection.vendor == "sqlite":
    with connection.cursor() as cur:
        cur.execute("PRAGMA wal_autocheckpoint=0")  # keep every change in the -wal until it closes
first = Person.objects.order_by("id").first()
audit.record(action="delete", obj=first)
Person.objects.filter(pk=first.pk).delete()
second = next(p for p in Person.objects.all() if p.full_name == "Người Thứ Hai")  # names are sealed
Person.objects.filter(pk=second.pk).update(full_name="Tên Đã Sửa")
audit.record(action="update", object_type="registry.Person", object_id="2")
checkpoints.write(*AuditEntry.objects.order_by("-id").values_list("id", "hash").first())
if connection.vendor == "sqlite":
    name = settings.DATABASES["default"]["NAME"]
    shutil.copyfile(name + "-wal", name + "-wal.saved")
"""


class Scratch:
    """The database `congan restore` writes into, and a plain look at what it holds."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        params = connection.settings_dict
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored" / "congan.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{params['NAME']}_restore"
            self.pg = {k.lower(): str(params[k]) for k in ("HOST", "PORT", "USER", "PASSWORD") if params.get(k)}
            auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{self.name}"
            self.drop()
        ring = settings.CONGAN_AUDIT_KEYS
        order = [ring.current_id, *(k for k in ring.keys if k != ring.current_id)]
        data = settings.CONGAN_DATA_KEYS
        self.env = {**os.environ, "CONGAN_DATABASE_URL": self.url,
                    "CONGAN_AUDIT_KEY": "\n".join(f"{k}:{ring.keys[k].decode()}" for k in order),
                    "CONGAN_DATA_KEY": "\n".join(f"{k}:{data.keys[k].decode()}" for k in
                                                  [data.current_id, *(k for k in data.keys if k != data.current_id)]),
                    "CONGAN_DATA_DIR": str(tmp_path / "data"),
                    "CONGAN_AUDIT_CHECKPOINT_DIR": str(tmp_path / "checkpoints")}
        self.checkpoints = tmp_path / "checkpoints"
        self.env.pop("CONGAN_AUDIT_KEY_FILE", None)
        self.env.pop("CONGAN_DATA_KEY_FILE", None)

    def congan(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "congan", *map(str, args)], env=self.env,
                              capture_output=True, text=True, timeout=600)

    def query(self, sql: str) -> list[tuple]:
        if self.vendor == "sqlite":
            conn = sqlite3.connect(self.path)
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(dbname=self.name, **self.pg) as conn:
            return conn.execute(sql).fetchall()

    def residents(self) -> list[tuple]:
        rows = self.query("SELECT record_id, full_name FROM registry_person ORDER BY record_id")
        return [(r, crypto.unseal(name, "registry_person.full_name")) for r, name in rows]  # names are sealed

    def head(self) -> str:
        return self.query("SELECT hash FROM org_auditentry ORDER BY id DESC LIMIT 1")[0][0]

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path):
    target = Scratch(tmp_path)
    yield target
    target.drop()


@pytest.fixture
def backed_up(base_data_reloaded, tmp_path):
    """Five residents, each viewed (audited), and a backup of the database taken then."""
    for i, name in enumerate(["Người Thứ Nhất", "Người Thứ Hai", "Người Thứ Ba", "Người Thứ Tư", "Người Thứ Năm"]):
        audit.record(action="view", obj=PersonFactory(record_id=f"B{i}", full_name=name))
    out = tmp_path / "backup"
    call_command("backup", "--output", str(out), stdout=io.StringIO())
    return out, json.loads((out / "manifest.json").read_text())


def _people():
    return sorted(Person.objects.values_list("record_id", "full_name"))


def test_restore_drill_brings_back_exactly_the_backed_up_data_and_audit_head(backed_up, scratch):
    backup, manifest = backed_up
    before = [tuple(r) for r in _people()]
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["registry_person"] == Person.objects.count() == 5
    assert manifest["audit"]["head"] == audit.head()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert {stat.S_IMODE(f.stat().st_mode) for f in backup.iterdir()} == {0o600}
    stored = b"".join(f.read_bytes() for f in backup.iterdir())
    for key in [*settings.CONGAN_AUDIT_KEYS.keys.values(), *settings.CONGAN_DATA_KEYS.keys.values()]:
        assert key not in stored
    assert "Người Thứ Nhất".encode() not in stored  # personal data is sealed in the backup too
    assert settings.SECRET_KEY.encode() not in stored

    first = scratch.congan("restore", backup)
    assert first.returncode == 0, first.stderr
    assert "match the manifest" in first.stdout
    assert [tuple(r) for r in scratch.residents()] == before
    assert scratch.head() == manifest["audit"]["head"]

    # After the backup: a resident deleted, a name changed, two more audit entries.
    changed = scratch.congan("shell", "-c", CHANGE_AFTER_THE_BACKUP)
    assert changed.returncode == 0, changed.stderr
    after_change = scratch.residents()
    assert len(after_change) == 4 and ("B1", "Tên Đã Sửa") in [tuple(r) for r in after_change]
    assert scratch.head() != manifest["audit"]["head"]

    refused = scratch.congan("restore", backup)
    assert refused.returncode == 2
    assert "already holds data" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert scratch.residents() == after_change  # nothing changed

    if scratch.vendor == "sqlite":
        # The -wal of the changed database, left beside it: replayed into a copied backup, it
        # would delete the resident again (or corrupt the file). The restore must remove it.
        Path(f"{scratch.path}-wal.saved").rename(f"{scratch.path}-wal")
    restored = scratch.congan("restore", backup, "--force")
    assert restored.returncode == 0, restored.stderr
    # the checkpoint written after the backup is named, not taken for tampering
    assert "1 audit checkpoint(s) written after this backup" in restored.stdout
    assert [tuple(r) for r in scratch.residents()] == before
    assert scratch.head() == manifest["audit"]["head"]
    assert scratch.query("SELECT COUNT(*) FROM org_auditentry")[0][0] == manifest["tables"]["org_auditentry"]
    if scratch.vendor == "sqlite":
        assert stat.S_IMODE(scratch.path.stat().st_mode) == 0o600
        assert scratch.query("PRAGMA integrity_check") == [("ok",)]


def _edit(backup: Path, change) -> None:
    path = backup / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def test_a_restore_that_does_not_match_its_backup_fails_in_one_line(backed_up, scratch):
    backup, manifest = backed_up
    assert scratch.congan("restore", backup).returncode == 0
    residents = scratch.residents()

    # a damaged data file: refused before the database is touched
    data = backup / manifest["data"]["file"]
    original = data.read_bytes()
    data.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    damaged = scratch.congan("restore", backup, "--force")
    assert damaged.returncode == 1
    assert damaged.stderr.strip().splitlines() == [
        f"restore check failed: the backup is damaged: {data.name} does not match the checksum in its "
        "manifest; nothing was restored"]
    assert scratch.residents() == residents
    data.write_bytes(original)

    # rows the restored database does not hold
    _edit(backup, lambda m: m["tables"].update(registry_person=6))
    rows = scratch.congan("restore", backup, "--force")
    assert rows.returncode == 1
    assert rows.stderr.strip().splitlines() == [
        "restore check failed: table registry_person holds 5 rows after the restore; the backup's manifest says 6"]

    # a head other than the backup's
    _edit(backup, lambda m: (m["tables"].update(registry_person=5), m["audit"].update(head="f" * 64)))
    head = scratch.congan("restore", backup, "--force")
    assert head.returncode == 1
    assert len(head.stderr.strip().splitlines()) == 1 and "differs from the backup's head" in head.stderr

    # a signed checkpoint that saw another entry under the backup's newest number
    _edit(backup, lambda m: m["audit"].update(head=manifest["audit"]["head"]))
    forged = checkpoints.write(manifest["audit"]["last_id"], "e" * 64, directory=scratch.checkpoints)
    contradicted = scratch.congan("restore", backup, "--force")
    assert contradicted.returncode == 1
    assert contradicted.stderr.strip().splitlines() == [
        f"restore check failed: audit trail does not match its checkpoints: entry {manifest['audit']['last_id']} "
        f"differs from checkpoint {forged.name}"]
    forged.unlink()

    # another vendor's backup: refused, nothing changed
    other = "postgresql" if scratch.vendor == "sqlite" else "sqlite"
    _edit(backup, lambda m: m.update(vendor=other))
    vendor = scratch.congan("restore", backup, "--force")
    assert vendor.returncode == 2
    assert "this backup is of a" in vendor.stderr and "Traceback" not in vendor.stderr
    assert scratch.residents() == residents


def test_a_backup_is_refused_inside_the_keys_directory(db, tmp_path, monkeypatch):
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "audit_key").write_text("k1:" + "k" * 40)
    monkeypatch.setenv("CONGAN_AUDIT_KEY_FILE", str(keys / "audit_key"))
    for inside in (keys / "backup", Path(settings.DATA_DIR) / "backup"):
        with pytest.raises(CommandError, match="holds the keys: keep backups and keys apart") as refused:
            call_command("backup", "--output", str(inside), stdout=io.StringIO())
        assert refused.value.returncode == 2
        assert not inside.exists()
