"""Fast bulk insertion for the residents import: COPY on PostgreSQL, executemany on SQLite.

The ORM's bulk_create spends most of a million-row import building SQL; here rows arrive as
tuples already in column order. Ids are reserved first (PostgreSQL: from the sequence; SQLite:
after the current maximum, safe because the import's publishing transaction holds the write
lock from its first insert to its commit), so related rows can point at them in the same pass.
Call only inside that transaction (`Importer.store`): a failure still rolls everything back.
"""

from __future__ import annotations

from django.db import connection


def reserve_ids(model, n: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, n])
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows whose values are already in the database's form (dates as ISO text)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY on the driver's cursor: Django's errors made by hand
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def refresh_statistics(*models) -> None:
    """Let the query planner see the new rows: without statistics SQLite picks the unit index
    over the name index and a name search at a million residents sorts thousands of rows."""
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute(f"ANALYZE {table}")
