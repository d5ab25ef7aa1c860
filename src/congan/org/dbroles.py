"""PostgreSQL roles: the owner runs migrations, the application connects as a role that owns no table.

The application role may read and write the registers, but on the audit table only SELECT and
INSERT: without UPDATE, DELETE or TRUNCATE, and owning nothing, it can neither change an entry,
nor disable the append-only trigger (ALTER TABLE needs the owner), nor switch triggers off for
its session (`session_replication_role` needs a superuser). `congan init --app-role ROLE`,
run as the owner after every migration, grants exactly that.
"""

from __future__ import annotations

from django.db import connection
from psycopg import sql

AUDIT_TABLE = "org_auditentry"


class RoleError(Exception):
    """The application role cannot be set up as asked; the message says what to fix."""


def _role(cur, name: str) -> tuple[bool, bool] | None:
    cur.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [name])
    return cur.fetchone()


def grant_app_role(role: str) -> None:
    """Give `role` what the application needs and nothing more, on every table of the schema."""
    if connection.vendor != "postgresql":
        raise RoleError("--app-role applies to PostgreSQL only")
    with connection.cursor() as cur:
        found = _role(cur, role)
        if found is None:
            raise RoleError(f"role {role!r} does not exist: create it first (createuser {role})")
        if found[0]:
            raise RoleError(f"role {role!r} is a superuser: the application role must not be one")
        cur.execute("SELECT current_user, current_database(), current_schema()")
        owner, database, schema = cur.fetchone()
        if owner == role:
            raise RoleError(f"run this as the owner of the tables, not as the application role {role!r}")
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s AND tableowner = %s", [schema, role])
        if owned := [r[0] for r in cur.fetchall()]:
            raise RoleError(f"role {role!r} owns tables ({', '.join(owned[:5])}): change their owner first")
        ident, schema_id = sql.Identifier(role), sql.Identifier(schema)
        for statement in (
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), ident),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, ident),
            sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(schema_id, ident),
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(schema_id, ident),
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {} FROM {}").format(
                sql.Identifier(schema, AUDIT_TABLE), ident),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, ident),
        ):
            cur.execute(statement)


def connected_as_audit_owner() -> bool:
    """True when this connection's role owns the audit table (or is a superuser): it could rewrite it."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute(
            "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
            " OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE tablename = %s"
            " AND schemaname = current_schema()), 'USAGE')", [AUDIT_TABLE])
        return bool(cur.fetchone()[0])
