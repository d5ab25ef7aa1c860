"""The database's own refusal to change or delete an audit entry, whatever the client.

On SQLite, triggers (anyone who can write the file can drop them: there the keyed chain and the
checkpoints are what reveal tampering). On PostgreSQL, a trigger installed by migration 0002, and
the application role that owns no table and holds no UPDATE, DELETE or TRUNCATE on the audit
table (`congan init --app-role`, org/dbroles.py), so it can neither disable the trigger nor
bypass it.
"""

from __future__ import annotations

SQLITE_TRIGGERS = {
    "org_auditentry_no_update": "UPDATE",
    "org_auditentry_no_delete": "DELETE",
}


def sqlite_create() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON org_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
        for name, event in SQLITE_TRIGGERS.items()
    ]


def sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
