"""congan report --year Y [--half 1] [--calendar] --unit CODE --format json|html|docx|xlsx [-o FILE]
[--filed [--filed-version N]]: the report as the statistics office filed it (json, docx, xlsx), byte for byte."""

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
        parser.add_argument("--filed", action="store_true",
                            help="the report as filed (the latest version unless --version), not built now")
        parser.add_argument("--filed-version", type=int, help="with --filed: this version (default the latest)")

    def handle(self, *args, year, half, calendar, unit, format, output, filed=False, filed_version=None,
               **options):
        if half:
            period = periods.calendar_half(year, half) if calendar else periods.police_half(year, half)
        else:
            period = periods.calendar_year(year) if calendar else periods.police_year(year)
        try:
            admin_unit = services.resolve_unit(unit, period)
        except UnknownUnit as exc:
            raise CommandError(str(exc)) from None
        label = wording.period_label(period)
        if filed or filed_version is not None:
            body: str | bytes = self._filed(admin_unit, period, format, filed_version)
            self._write(body, output, f"{admin_unit.name}, {label}")
            return
        report = services.build_report(unit=admin_unit, period=period)
        if format == "json":
            body: str | bytes = json_render.render(report)
        elif format == "html":
            from congan.reports.views import Selection, document_html

            body = document_html(Selection(admin_unit, period, report["breakdown"]["cut"], frozenset(), {}), report)
        elif format == "docx":
            body = docx_render.render(report, period_label=label)
        else:
            body = xlsx_render.render(report, period_label=label)
        self._write(body, output, f"{admin_unit.name}, {label}")

    def _filed(self, unit, period, format: str, version: int | None) -> str | bytes:
        from congan.reports import filing

        if format not in filing.FORMATS:
            raise CommandError(f"a filed report is kept as {', '.join(filing.FORMATS)}, not {format}", returncode=2)
        found = filing.latest(unit=unit, period=period, version=version)
        if found is None:
            which = "the report" if version is None else f"version {version} of the report"
            raise CommandError(f"{which} of {unit.code} ({unit.name}) for {period.start:%d/%m/%Y}–"
                               f"{period.end:%d/%m/%Y} has not been filed", returncode=2)
        return found.report_json if format == "json" else filing.content(found, format)

    def _write(self, body: str | bytes, output: str | None, what: str) -> None:
        if output:
            path = Path(output)
            path.write_bytes(body.encode() if isinstance(body, str) else body)
            self.stderr.write(f"{path} ({what})")
        elif isinstance(body, str):
            self.stdout.write(body, ending="")
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
