import sys

from django.core.management.base import BaseCommand

from congan.org import audit


class Command(BaseCommand):
    help = ("Audit trail tools. `congan audit verify` checks the hash chain (exit 1 at the first break) "
            "and prints the head hash to keep outside the database.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        checked, broken = audit.verify()
        if broken:
            self.stderr.write(f"audit chain broken at entry {broken.entry_id}: {broken.reason} "
                              f"({checked} entries verified before it)")
            sys.exit(1)
        self.stdout.write(f"audit chain intact: {checked} entries verified; head {audit.head()}")
