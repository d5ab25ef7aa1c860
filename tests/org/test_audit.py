"""Every read of personal data is audited; an edited or deleted entry breaks the keyed chain."""

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from congan.org import appendonly, audit
from congan.org.models import AuditEntry
from tests.registry.factories import PersonFactory


@pytest.fixture
def person(db):
    return PersonFactory(unit_code="31120", full_name="Trần Thị Hòa")


def test_viewing_a_person_writes_who_what_when_and_where(client_for, anhoa, person):
    client_for(anhoa).get(f"/registry/people/{person.pk}/", REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.filter(action="view").latest("id")
    assert entry.actor == anhoa
    assert entry.actor_name == "anhoa"
    assert entry.object_type == "registry.Person"
    assert entry.object_id == str(person.pk)
    assert entry.address == "10.1.2.3"
    assert entry.at is not None


def test_searches_record_a_keyed_hash_of_the_query_and_what_was_shown(client_for, anhoa, person):
    client_for(anhoa).get("/registry/", {"q": "tran thi hoa"})
    entry = AuditEntry.objects.filter(action="search").latest("id")
    assert "tran" not in json.dumps(entry.detail).lower()
    # the same words however typed give the same hash, so an auditor can check a name was searched
    assert entry.detail["query"] == audit.pseudonym("Trần Thị Hòa")
    assert entry.detail["ids"] == [person.pk]


def _chain(n=5):
    return [audit.record(action="view", object_type="registry.Person", object_id=str(i)) for i in range(n)]


@contextmanager
def _as_table_owner():
    """Tampering as someone with the database owner's rights: the append-only triggers switched
    off first (rolled back with the test)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's deferred FK checks block ALTER
            cur.execute("ALTER TABLE org_auditentry DISABLE TRIGGER org_auditentry_append_only")
        else:
            for sql in appendonly.sqlite_drop():
                cur.execute(sql)
    yield


def test_an_intact_chain_verifies_and_shows_its_head(db, capsys, tmp_path):
    entries = _chain()
    call_command("audit", "verify", "--checkpoints", tmp_path)
    out = capsys.readouterr().out
    assert "audit chain intact: 5 entries verified" in out
    assert f"head {entries[-1].hash}" in out


def test_an_edited_entry_is_found(db, capsys, tmp_path):
    entries = _chain()
    with _as_table_owner():
        AuditEntry.objects.filter(pk=entries[2].pk).update(object_id="999")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", "--checkpoints", tmp_path)
    assert exit_info.value.code == 1
    assert f"broken at entry {entries[2].pk}" in capsys.readouterr().err


def test_a_deleted_entry_is_found(db):
    entries = _chain()
    with _as_table_owner():
        AuditEntry.objects.filter(pk=entries[1].pk)._raw_delete(AuditEntry.objects.db)
    checked, broken = audit.verify()
    assert broken is not None
    assert broken.entry_id == entries[2].pk


def test_entries_cannot_be_changed_or_deleted_through_the_model(db):
    entry = _chain(1)[0]
    entry.object_id = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.parametrize("statement", ["UPDATE org_auditentry SET object_id = '999'", "DELETE FROM org_auditentry"])
def test_the_database_itself_refuses_to_change_an_entry(db, statement):
    _chain(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement)
    assert AuditEntry.objects.count() == 2
    assert audit.verify() == (2, None)


def test_a_user_with_audited_actions_cannot_be_deleted(anhoa):
    from django.db.models import ProtectedError

    audit.record(action="view", actor=anhoa, object_type="registry.Person", object_id="1")
    with pytest.raises(ProtectedError):
        anhoa.delete()
