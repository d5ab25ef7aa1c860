"""`congan worker`: run the background jobs (imports started from a page, cleansing runs).

`congan serve` starts one beside the web server; run more, or on another machine sharing the
database and CONGAN_JOBS_DIR, with this command (docs/operations.md)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background jobs from the database queue (imports started from a page, cleansing runs)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the waiting jobs, then exit")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between looks at an empty queue (default 1)")

    def handle(self, *args, batch, interval, **options):
        extra = ["--batch"] if batch else []
        call_command("db_worker", *extra, "--interval", str(interval), "--no-reload",
                     "--no-startup-delay", verbosity=options.get("verbosity", 1))
