import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congan.org import audit, checkpoints


class Command(BaseCommand):
    help = ("Audit trail tools. `verify` checks the keyed chain and the signed checkpoints (exit 1 at "
            "the first problem) and writes a new checkpoint; `checkpoint` writes one (for cron); "
            "`pseudonym TEXT` prints the keyed hash under which the trail records typed text.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "pseudonym"])
        parser.add_argument("text", nargs="?", default="", help="for pseudonym: the typed text")
        parser.add_argument("--checkpoints", metavar="DIR", type=Path, default=None,
                            help="directory of checkpoints (default: CONGAN_AUDIT_CHECKPOINT_DIR)")

    def handle(self, *args, action, text, checkpoints: Path | None, **options):
        directory = checkpoints or Path(settings.CONGAN_AUDIT_CHECKPOINT_DIR)
        if action == "pseudonym":
            self.stdout.write(audit.pseudonym(text))
        elif action == "checkpoint":
            self.stdout.write(f"checkpoint written: {self._checkpoint(directory)}")
        else:
            self._verify(directory)

    def _verify(self, directory: Path) -> None:
        result = checkpoints.verify(directory)
        if result.broken:
            self.stderr.write(f"audit chain broken at entry {result.broken.entry_id}: {result.broken.reason} "
                              f"({result.checked} entries verified before it)")
            sys.exit(1)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"audit trail does not match its checkpoints: {problem}")
            sys.exit(1)
        if result.write_error:
            raise CommandError(f"cannot write a checkpoint into {directory}: {result.write_error}", returncode=2)
        self.stdout.write(f"audit chain intact: {result.checked} entries verified against {result.checkpoints_read} "
                          f"checkpoints in {directory}; head {result.head}"
                          + (f"; checkpoint {result.written.name}" if result.written else ""))

    @staticmethod
    def _checkpoint(directory: Path) -> Path:
        from congan.org.models import AuditEntry

        last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        if last is None:
            raise CommandError("the audit trail is empty: nothing to checkpoint", returncode=2)
        try:
            return checkpoints.write(*last, directory=directory)
        except OSError as exc:
            raise CommandError(f"cannot write a checkpoint into {directory}: {exc.strerror}", returncode=2) from None
