from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from congan.org.dbroles import RoleError, grant_app_role
from congan.org.services import load_admin_units


class Command(BaseCommand):
    help = ("Create or migrate the database and load the administrative units (no other data). "
            "On PostgreSQL, run it as the tables' owner with --app-role ROLE to grant the role the "
            "server connects as what it needs, and no right to rewrite the audit trail.")

    def add_arguments(self, parser):
        parser.add_argument("--app-role", metavar="ROLE", default="",
                            help="PostgreSQL role the server connects as (owns no table)")

    def handle(self, *args, app_role, **options):
        call_command("migrate", interactive=False, verbosity=0)
        counts = load_admin_units()
        self.stdout.write(
            f"database ready: {counts['units']} units added, {counts['successions']} old→new links, "
            f"{counts['police_units']} police units"
        )
        if app_role:
            try:
                grant_app_role(app_role)
            except RoleError as exc:
                raise CommandError(str(exc), returncode=2) from None
            self.stdout.write(f"application role {app_role}: reads and writes the registers; "
                              "on the audit trail only reads and appends")
