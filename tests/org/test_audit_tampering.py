"""Tampering with the audit trail as its database administrator would, each kind found.

The administrator can write the table (the triggers lifted, as the table owner can) but does not
hold the audit key, which lives outside the database. Checkpoints signed with that key sit in a
directory outside the database, written at the last `congan audit verify`.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from congan.config.keys import parse_keyring
from congan.org import audit, checkpoints
from congan.org.models import AuditEntry
from tests.org.test_audit import _as_table_owner
from tests.support.figures import figure


@pytest.fixture
def trail(db, tmp_path):
    """Ten entries, verified once: the checkpoint of entry 10 is outside the database."""
    entries = [audit.record(action="view", object_type="registry.Person", object_id=str(i)) for i in range(10)]
    call_command("audit", "verify", "--checkpoints", tmp_path)
    return entries, tmp_path


def _found(directory) -> bool:
    """What `congan audit verify --checkpoints DIR` decides: exit 1."""
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", "--checkpoints", directory)
    return exit_info.value.code == 1


def _reseal_from(entries, first: int, *, mac) -> None:
    """Recompute the seals of every entry from `first` on, chaining them again, with `mac`."""
    prev = AuditEntry.objects.get(pk=entries[first - 1].pk).hash if first else audit.GENESIS
    for e in entries[first:]:
        e = AuditEntry.objects.get(pk=e.pk)
        e.prev_hash = prev
        e.hash = mac(audit._canonical(
            at=e.at, actor_id=e.actor_id, actor_name=e.actor_name, address=e.address, action=e.action,
            object_type=e.object_type, object_id=e.object_id, detail=e.detail, prev_hash=e.prev_hash,
            key_id=e.key_id))
        AuditEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
        prev = e.hash


def test_an_edit_is_found(trail):
    entries, cps = trail
    with _as_table_owner():
        AuditEntry.objects.filter(pk=entries[4].pk).update(object_id="4711")
    assert figure("tampering", "edit", _found(cps))
    assert audit.verify()[1].entry_id == entries[4].pk


def test_a_deleted_entry_is_found(trail):
    entries, cps = trail
    with _as_table_owner():
        AuditEntry.objects.filter(pk=entries[4].pk)._raw_delete(AuditEntry.objects.db)
    assert figure("tampering", "delete", _found(cps))
    assert audit.verify()[1].entry_id == entries[5].pk


def test_entries_cut_off_the_end_are_found_against_the_checkpoint(trail, capsys):
    entries, cps = trail
    with _as_table_owner():
        AuditEntry.objects.filter(pk__gte=entries[7].pk)._raw_delete(AuditEntry.objects.db)
    assert audit.verify() == (7, None)  # the chain alone cannot tell
    assert figure("tampering", "tail delete", _found(cps))
    assert "checkpoint checkpoint-" in capsys.readouterr().err


def test_an_emptied_table_is_found_against_the_checkpoint(trail, capsys):
    _entries, cps = trail
    with _as_table_owner(), connection.cursor() as cur:
        cur.execute("TRUNCATE org_auditentry" if connection.vendor == "postgresql" else "DELETE FROM org_auditentry")
    assert AuditEntry.objects.count() == 0
    assert figure("tampering", "truncate", _found(cps))
    assert "the chain ends at no entry" in capsys.readouterr().err


def test_a_table_emptied_and_refilled_is_found(trail):
    entries, cps = trail
    with _as_table_owner(), connection.cursor() as cur:
        cur.execute("DELETE FROM org_auditentry")
    for i in range(12):  # a fresh, internally consistent chain past the checkpoint's entry
        audit.record(action="view", object_type="registry.Person", object_id=str(i))
    assert audit.verify()[1] is None
    assert _found(cps)


@pytest.mark.parametrize("how", ["plain SHA-256", "a guessed key"])
def test_an_edit_resealed_without_the_key_is_found(trail, how):
    entries, cps = trail
    guessed = parse_keyring("GUESS", "k1:" + "x" * 40)
    mac = {
        "plain SHA-256": lambda data: hashlib.sha256(data).hexdigest(),
        "a guessed key": lambda data: hmac.new(guessed.subkey("audit-chain"), data, hashlib.sha256).hexdigest(),
    }[how]
    with _as_table_owner():
        AuditEntry.objects.filter(pk=entries[3].pk).update(object_id="4711")
        _reseal_from(entries, 3, mac=mac)
    assert figure("tampering", f"recompute without the key ({how})", _found(cps))
    assert audit.verify()[1].entry_id == entries[3].pk


def test_a_forged_checkpoint_is_refused(trail):
    entries, cps = trail
    path = next(cps.glob("checkpoint-*.json"))
    path.write_text(path.read_text().replace(entries[-1].hash, "0" * 64))
    assert _found(cps)


def test_checkpoints_are_written_every_n_entries_after_commit(db, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.CONGAN_AUDIT_CHECKPOINT_DIR = tmp_path
    settings.CONGAN_AUDIT_CHECKPOINT_EVERY = 4
    with django_capture_on_commit_callbacks(execute=True):
        entries = [audit.record(action="view", object_type="t", object_id=str(i)) for i in range(9)]
    read, problems = checkpoints.problems(tmp_path)
    assert problems == []
    ids = [e.id for e in entries]
    crossed = [i for prev, i in zip([0, *ids], ids, strict=False) if i // 4 > prev // 4]
    assert read == len(crossed) >= 2


@pytest.mark.parametrize("statement", ["UPDATE org_auditentry SET object_id = '4711'", "DELETE FROM org_auditentry"])
def test_the_guard_refuses_and_lifting_it_does_not_hide_the_change(trail, statement):
    entries, cps = trail
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement)
    assert audit.verify() == (10, None)
    with _as_table_owner(), connection.cursor() as cur:  # the guard lifted, as the owner of the file or table can
        cur.execute(statement)
    assert figure("tampering", f"trigger bypass by the table owner, then {statement.split()[0]}", _found(cps))
