from django.core.management import call_command
from django.core.management.base import BaseCommand

from congan.org.services import load_admin_units


class Command(BaseCommand):
    help = "Create or migrate the database and load the administrative units (no other data)."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        counts = load_admin_units()
        self.stdout.write(
            f"database ready: {counts['units']} units added, {counts['successions']} old→new links, "
            f"{counts['police_units']} police units"
        )
