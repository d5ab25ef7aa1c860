"""`congan backup [--output DIR]`: the database and a manifest, never the keys (project/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from congan.project import backups


class Command(BaseCommand):
    help = ("Back up the database (SQLite or PostgreSQL) into a new directory: the data and a manifest "
            "(rows per table, the audit chain's head hash, created-at, vendor, app version). The keys are "
            "not included: keep them apart; a backup inside the keys' directory is refused.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, metavar="DIR", default=None,
                            help="the new directory to write (default: ./congan-backup-<UTC time>)")

    def handle(self, *args, output: Path | None, **options):
        try:
            path, manifest = backups.backup(output)
        except backups.BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        except DatabaseError as exc:
            raise CommandError(f"cannot read the database: {str(exc).strip().splitlines()[0]}", returncode=2) from None
        audit = manifest["audit"]
        self.stdout.write(f"backup written to {path}: {manifest['vendor']}, {len(manifest['tables'])} tables, "
                          f"{manifest['rows']} rows, audit head {audit['head']} (entry {audit['last_id']})")
        keys = ", ".join(audit["key_ids"]) or "none yet"
        self.stdout.write(f"the keys are not in it: keep CONGAN_SECRET_KEY and CONGAN_AUDIT_KEY (key ids: {keys}) "
                          "apart from the backup")
