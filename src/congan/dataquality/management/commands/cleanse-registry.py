"""`congan cleanse-registry`: a cleansing run over the registry (or new records only) from the shell."""

from django.core.management.base import BaseCommand, CommandError

from congan.cleansing import MATCH_THRESHOLD, REVIEW_THRESHOLD
from congan.cleansing.pipeline import printed_stages
from congan.dataquality import services
from congan.dataquality.models import CleansingRun, RunStatus
from congan.org import jurisdiction
from congan.org.models import User
from congan.org.unitcodes import UnknownUnit, find_unit
from congan.units import ERAS


class Command(BaseCommand):
    help = ("Cleanse the population registry: link records into persons, store findings and the pairs "
            "for review, respecting officers' decisions.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", action="append", default=[], metavar="CODE",
                            help="only the records inside this unit (repeatable); default: the whole registry")
        parser.add_argument("--era", choices=ERAS, default="",
                            help="the era of --unit codes (needed where a code exists in both)")
        parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
        parser.add_argument("--lower", type=float, default=REVIEW_THRESHOLD,
                            help=f"pairs from this probability go to review (default {REVIEW_THRESHOLD})")
        parser.add_argument("--upper", type=float, default=MATCH_THRESHOLD,
                            help=f"pairs from this probability are the same person (default {MATCH_THRESHOLD})")
        parser.add_argument("--replay", type=int, metavar="RUN",
                            help="replay the stored model of this run (default: the latest run's model)")
        parser.add_argument("--train", action="store_true",
                            help="train a new model on the records instead of replaying a stored one")
        parser.add_argument("--new", type=int, nargs="+", metavar="PERSON_ID",
                            help="link only these new records against the settled registry (stored model)")
        parser.add_argument("--user", default="", help="username recorded as the one who started the run")
        parser.add_argument("--no-progress", action="store_true",
                            help="don't announce each stage on stderr as it begins")

    def _units(self, codes: list[str], era: str) -> tuple[set[int] | None, str]:
        if not codes:
            return None, ""
        ids: set[int] = set()
        names = []
        for code in codes:
            try:
                unit = find_unit(code, era)
            except UnknownUnit as exc:
                raise CommandError(f"{exc} (--unit, --era)") from None
            ids |= jurisdiction.unit_ids(unit.pk)
            names.append(unit.name)
        return ids, ", ".join(names)

    def handle(self, *args, unit, era, engine, lower, upper, replay, train, new, user, no_progress=False,
               **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"no user {user!r}")
        try:
            if new:
                run = services.link_new_records(actor=actor, person_ids=new, engine=engine)
            else:
                unit_ids, label = self._units(unit, era)
                replayed = None if train else services.latest_model_run()
                if replay is not None:
                    replayed = CleansingRun.objects.filter(pk=replay, status=RunStatus.FINISHED,
                                                           model__isnull=False).first()
                    if replayed is None:
                        raise CommandError(f"run {replay} has no stored model")
                run = services.run_cleansing(actor=actor, unit_ids=unit_ids, engine=engine, lower=lower,
                                             upper=upper, replay=replayed, scope_label=label,
                                             on_stage=None if no_progress else printed_stages(self.stderr))
        except ValueError as err:
            raise CommandError(str(err)) from err
        rate = f"{run.cleansing_rate:.4f}" if run.cleansing_rate is not None else "—"
        self.stdout.write(
            f"run {run.pk}: {run.records} records, {run.persons} persons, {run.review_pairs} pairs for review, "
            f"{run.findings} findings, {run.settled} settled (rate {rate}) in {run.seconds} s"
        )
        if (run.settings or {}).get("model"):
            self.stdout.write(run.settings["model"])
