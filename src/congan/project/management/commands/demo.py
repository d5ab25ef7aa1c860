"""Set up the embedded demo: database, units, accounts, synthetic data of every module, then serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from congan.org.services import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts
from congan.project.discovery import app_modules


class Command(BaseCommand):
    help = "Set up the embedded database with synthetic Can Tho data and serve the web app."

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, residents, seed, no_serve, host, port, **options):
        call_command("init", stdout=self.stdout)
        create_demo_accounts()
        # Each app may offer `congan.<app>.demo.load(residents=, seed=, stdout=)`; the
        # registry loads first because the other registers link to its people.
        for _app, module in app_modules("demo"):
            module.load(residents=residents, seed=seed, stdout=self.stdout)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk-loaded tables: let the planner see them
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for username, role, (code, era, _level), _name in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {role.label} — {code} ({era})")
        if not no_serve:
            call_command("serve", host=host, port=port, stdout=self.stdout)
