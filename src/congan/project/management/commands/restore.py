"""`congan restore BACKUP [--force]`: replace the database by a backup, then check it (project/backups.py)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from congan.project import backups


class Command(BaseCommand):
    help = ("Restore a backup written by `congan backup` into the database of CONGAN_DATABASE_URL (a "
            "PostgreSQL database is created if missing), then check it: rows per table against the "
            "manifest, the audit chain and its head hash against the backup's. Stop the server first. "
            "Exit 1 if the backup is damaged or the check fails; 2 if the restore cannot run (another "
            "vendor's backup, a database holding data without --force).")
    requires_system_checks = []  # the database may not exist yet

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup directory (or its manifest.json)")
        parser.add_argument("--force", action="store_true",
                            help="replace a database that already holds data")
        parser.add_argument("--checkpoints", metavar="DIR", type=Path, default=None,
                            help="directory of audit checkpoints (default: CONGAN_AUDIT_CHECKPOINT_DIR)")

    def handle(self, *args, backup: Path, force: bool, checkpoints: Path | None, **options):
        try:
            result = backups.restore(backup, force=force, checkpoint_dir=checkpoints)
        except backups.BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        except backups.Mismatch as exc:
            self.stderr.write(f"restore check failed: {exc}")
            sys.exit(1)
        except DatabaseError as exc:
            raise CommandError(f"cannot use the database: {str(exc).strip().splitlines()[0]}", returncode=2) from None
        manifest = result.manifest
        self.stdout.write(
            f"restored {backup} ({manifest['vendor']}, made {manifest.get('created_at', '?')})"
            + (" into a new database" if result.created_database else "")
            + f": {len(manifest['tables'])} tables and {manifest['rows']} rows match the manifest; audit chain "
            f"intact ({result.entries_checked} entries), head {manifest['audit']['head']} as in the backup")
        if result.later_checkpoints:
            self.stdout.write(
                f"note: {len(result.later_checkpoints)} audit checkpoint(s) written after this backup "
                f"(e.g. {result.later_checkpoints[-1]}): the entries they saw are not in it. `congan audit verify` "
                "reports them until you move them out of the checkpoint directory (keep them as the record)")
        if manifest.get("app_version") != backups.app_version():
            self.stdout.write(f"note: the backup was made by congan {manifest.get('app_version')}, this is "
                              f"{backups.app_version()}: run `congan init` to migrate it")
