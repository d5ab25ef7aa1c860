"""`congan kept-counts [--check] [--day yyyy-mm-dd …]`: rebuild the kept counts behind the ID-card
collection rate from the registers, or (--check) compare them with the live count for every ward
on the given days (default: today and the same day last year); exit 1 on any difference."""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from congan.registry import kept, services
from congan.registry.models import KeptCardCount


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--day {text}: expected yyyy-mm-dd") from None


def differences(days: list[date]) -> list[str]:
    """Every ward and day where the kept figures differ from the live ones, as lines to print."""
    from congan.org.models import AdminUnit
    from congan.registry.models import Person

    unit_ids = list(Person.objects.order_by().values_list("unit_id", flat=True).distinct())
    unit_ids += list(AdminUnit.objects.filter(id__in=KeptCardCount.objects.values("unit_id"))
                     .values_list("id", flat=True))
    found = []
    for day in days:
        live = {r["unit"].id: {c: r[c] for c in kept.COUNTS} for r in
                services.live_ward_progress(unit_ids=set(unit_ids), end=day)}
        held = kept.figures_by_unit(unit_ids=set(unit_ids), end=day)
        for unit_id in sorted(set(live) | set(held)):
            if live.get(unit_id) != held.get(unit_id):
                found.append(f"{day.isoformat()} unit {unit_id}: kept {held.get(unit_id)}, live {live.get(unit_id)}")
    return found


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare kept and live figures; change nothing")
        parser.add_argument("--day", action="append", default=[], help="a day to check (yyyy-mm-dd), repeatable")

    def handle(self, *args, check: bool, day: list[str], **options):
        if not check:
            if day:
                raise CommandError("--day goes with --check")
            with transaction.atomic():
                counted = kept.rebuild()
            self.stdout.write(f"kept counts rebuilt: {counted} residents")
            return
        today = date.today()
        days = [_day(d) for d in day] or [today, kept.years_before(today, 1)]
        found = differences(days)
        for line in found:
            self.stdout.write(line)
        if found:
            self.stdout.write(f"{len(found)} differences between kept and live counts")
            sys.exit(1)
        self.stdout.write(f"kept counts equal the live count on {', '.join(d.isoformat() for d in days)}")
