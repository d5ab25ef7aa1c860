"""`congan import REGISTER FILE`: all or nothing; rejects listed with row, field and reason."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from congan.importing import ImportFileError, run_import
from congan.org import audit
from congan.project.discovery import registered_importers


class Command(BaseCommand):
    help = "Import a register's records from a .csv or .xlsx file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("register", help="residents | id_cards | cases | suspects | traffic | weapons | wanted")
        parser.add_argument("file")
        parser.add_argument("--rejects", help="also write the reject report to this CSV file")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--sheet", help="for a workbook with data on several sheets: the sheet to read")

    def handle(self, *args, register, file, rejects, no_progress, sheet=None, **options):
        importers = registered_importers()
        if register not in importers:
            raise CommandError(f"unknown register {register!r}; expected one of {', '.join(sorted(importers))}",
                               returncode=2)
        importer = importers[register]()
        bar = tqdm(unit=" rows", disable=no_progress, file=sys.stderr, mininterval=0.5)

        def publishing(rows: int) -> None:
            bar.close()
            self.stderr.write(f"all rows checked; storing {rows} records…")

        def audited(result) -> None:  # inside the import's transaction: stored with the records or not at all
            audit.record(action=audit.Action.IMPORT, object_type=register, object_id=str(file)[-64:],
                         detail={"rows": result.rows, "stored": result.stored, "rejects": 0})

        try:
            result = run_import(importer, file, progress=bar, sheet=sheet, on_publish=publishing,
                                before_commit=audited)
        except ImportFileError as exc:  # the file as a whole cannot be read: exit 2 (DESIGN.md)
            bar.close()
            self.stderr.write(f"rejected: {exc}; nothing stored")
            sys.exit(2)
        except FileNotFoundError:
            bar.close()
            raise CommandError(f"no such file: {file}", returncode=2) from None
        bar.close()
        if result.ok:
            self.stdout.write(f"imported {result.stored} {register} records from {file}")
            return
        audit.record(action=audit.Action.IMPORT, object_type=register, object_id=str(file)[-64:],
                     detail={"rows": result.rows, "stored": 0, "rejects": len(result.rejects)})
        self.stderr.write(f"{len(result.rejects)} rejected row(s) in {file}; nothing stored:")
        for reject in result.rejects[:200]:
            self.stderr.write(f"  {reject}")
        if len(result.rejects) > 200:
            self.stderr.write(f"  … and {len(result.rejects) - 200} more (use --rejects FILE for all)")
        if rejects:
            with open(rejects, "w", encoding="utf-8", newline="") as out:
                result.write_rejects(out)
        sys.exit(1)
