"""The `congan` command: a thin front door to the management commands of the apps."""

from __future__ import annotations

import os
import sys


def _unmigrated() -> bool:
    """True when the database lacks tables or migrations this version needs."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception:  # noqa: BLE001 - cannot even read the migrations table: not set up
        return True


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congan.config.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(["congan", *(sys.argv[1:] if argv is None else argv)])
    except (OperationalError, ProgrammingError) as err:
        # A command run against a database not created or not migrated (DESIGN.md: one line, exit 2)
        if not _unmigrated():
            raise
        sys.stderr.write(f"congan: the database is not set up for this version ({err}): run `congan init`\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
