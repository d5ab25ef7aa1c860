"""`congan import traffic FILE`.

Columns (DESIGN.md): accident_id, unit_code, occurred_on, deaths, injuries.
Optional columns, read when present: occurred_at (hh:mm), place, road, cause.
The file gives counts only; the severity follows from them (`Accident.fill_derived`).
"""

from __future__ import annotations

from datetime import time

from django.utils.translation import gettext_noop

from congan.importing import Importer, RowError, parse_choice, parse_int, parse_iso_date
from congan.org.unitcodes import UnitResolver
from congan.org.validity import check_row
from congan.traffic.models import Accident, Cause


def parse_time(value: str, field_name: str) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise RowError(field_name, gettext_noop("not a time in hh:mm form"), value) from None


#: The file's column of a model field, where the names differ.
COLUMNS = {"accident_number": "accident_id", "unit": "unit_code"}


class AccidentImporter(Importer):
    register = "traffic"
    columns = ("accident_id", "unit_code", "occurred_on", "deaths", "injuries")
    key_column = "accident_id"

    def __init__(self, *, actor=None):
        super().__init__(actor=actor)
        self.units = UnitResolver(actor)

    def clean_row(self, row: dict[str, str]) -> Accident:
        occurred_on = parse_iso_date(row["occurred_on"], "occurred_on")
        unit = self.units.resolve_column(row, "unit_code", occurred_on)
        deaths = parse_int(row["deaths"], "deaths", minimum=0)
        injuries = parse_int(row["injuries"], "injuries", minimum=0)
        cause = row.get("cause", "")
        accident = Accident(
            accident_number=row["accident_id"].strip(), unit=unit, occurred_on=occurred_on,
            occurred_at=parse_time(row.get("occurred_at", ""), "occurred_at"),
            place=row.get("place", ""), road=row.get("road", ""),
            cause=parse_choice(cause, "cause", Cause.values) if cause else Cause.UNKNOWN,
            deaths=deaths, injuries=injuries,
        )
        check_row(accident, columns=COLUMNS)
        accident.fill_derived()
        return accident

    def store(self, cleaned: list[Accident]) -> int:
        return len(Accident.objects.bulk_create(cleaned, batch_size=2000))

    def existing_keys(self, keys: list[str]) -> set[str]:
        return set(Accident.objects.filter(accident_number__in=keys).values_list("accident_number", flat=True))


IMPORTERS = {"traffic": AccidentImporter}
