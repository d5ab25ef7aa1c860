"""congan report --year Y [--half 1] [--calendar] --unit CODE --format json|html|docx|xlsx [-o FILE]"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congan.org.unitcodes import UnknownUnit
from congan.reports import periods, services
from congan.reports.render import docx as docx_render
from congan.reports.render import json as json_render
from congan.reports.render import wording
from congan.reports.render import xlsx as xlsx_render


class Command(BaseCommand):
    help = ("Build the review report of a unit for a police statistical year or half-year "
            "(15 December – 14 December; --calendar for calendar periods).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--half", type=int, choices=(1, 2))
        parser.add_argument("--calendar", action="store_true",
                            help="calendar year or half-year instead of the police statistical one")
        parser.add_argument("--unit", required=True,
                            help="GSO code; read in the unit structure valid at the period's end (92 = the city)")
        parser.add_argument("--format", choices=("json", "html", "docx", "xlsx"), default="json")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, year, half, calendar, unit, format, output, **options):
        try:
            period = periods.year_or_half(year, half, calendar=calendar)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            admin_unit = services.resolve_unit(unit, period)
        except UnknownUnit as exc:
            raise CommandError(str(exc)) from None
        report = services.build_report(unit=admin_unit, period=period)
        label = wording.period_label(period)
        if format == "json":
            body: str | bytes = json_render.render(report)
        elif format == "html":
            from congan.reports.views import Selection, document_html

            body = document_html(Selection(admin_unit, period, report["breakdown"]["cut"], frozenset(), {}), report)
        elif format == "docx":
            body = docx_render.render(report, period_label=label)
        else:
            body = xlsx_render.render(report, period_label=label)
        if output:
            path = Path(output)
            path.write_bytes(body.encode() if isinstance(body, str) else body)
            self.stderr.write(f"{path} ({admin_unit.name}, {label})")
        elif isinstance(body, str):
            self.stdout.write(body, ending="")
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
