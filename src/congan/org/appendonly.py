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


# Other append-only records (filed reports, a case's history): the same refusal of UPDATE (and, on
# PostgreSQL, DELETE; TRUNCATE stays the owner's, as Django's test flush uses it; on SQLite the flush
# deletes rows, so there a DELETE is refused by the model only).
def record_triggers(table: str) -> dict[str, list[str]]:
    """SQL to make `table` append-only: keys postgresql / sqlite, each with "create" and "drop"."""
    function = f"congan_{table}_append_only"
    return {
        "postgresql_create": [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{table} rows are append-only' USING ERRCODE = 'insufficient_privilege'; "
            "END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ],
        "postgresql_drop": [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                            f"DROP FUNCTION IF EXISTS {function}()"],
        "sqlite_create": [f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
                          f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"],
        "sqlite_drop": [f"DROP TRIGGER IF EXISTS {table}_no_update"],
    }


def migration_operation(table: str):
    """A migration operation installing (and, backwards, removing) `record_triggers(table)`."""
    from django.db import migrations

    sql = record_triggers(table)

    def run(kind):
        def apply(apps, schema_editor):
            for statement in sql.get(f"{schema_editor.connection.vendor}_{kind}", []):
                schema_editor.execute(statement)
        return apply

    return migrations.RunPython(run("create"), run("drop"))
