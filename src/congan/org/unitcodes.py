"""Unit codes on records: a GSO code means the unit of the era valid on the record's date.

Shared by the imports and forms of the operational registers (cases, traffic,
campaigns). Ward codes were reused across the 2025 reform, so a code is never looked up
without a date; a code that does not exist in that date's era is refused, never guessed.
"""

from __future__ import annotations

from datetime import date

from congan import units as unitdata
from congan.importing import RowError
from congan.org import jurisdiction
from congan.org.models import AdminUnit


class UnknownUnit(ValueError):
    """The code names no unit of the city in the era valid on the date."""


def era_label(era: str) -> str:
    return "legacy (before 1 July 2025)" if era == unitdata.LEGACY else "2025 (since 1 July 2025)"


class UnitResolver:
    """Resolves (code, date) to the city's AdminUnit; loads the units once per resolver."""

    def __init__(self):
        area = jurisdiction.city_unit_ids()
        self._units: dict[tuple[str, str], AdminUnit] = {}
        for u in AdminUnit.objects.filter(id__in=area).order_by("-level"):
            # ward before district before province when a code were ever shared across levels
            self._units.setdefault((u.code, u.era), u)

    def resolve_column(self, row: dict[str, str], column: str, on: date) -> AdminUnit:
        """For importers: the unit named in a row's column, or a `RowError` naming the column."""
        code = row.get(column, "")
        if not code:
            raise RowError(column, "required", code)
        try:
            return self.resolve(code, on)
        except UnknownUnit as exc:
            raise RowError(column, str(exc), code) from None

    def resolve(self, code: str, on: date) -> AdminUnit:
        era = unitdata.era_on(on)
        unit = self._units.get((code.strip(), era))
        if unit is None:
            raise UnknownUnit(f"unknown unit code for {era_label(era)}")
        return unit


def resolve_unit(code: str, on: date) -> AdminUnit:
    """One lookup, for forms; imports keep a `UnitResolver`."""
    era = unitdata.era_on(on)
    unit = (
        AdminUnit.objects.filter(id__in=jurisdiction.city_unit_ids(), code=code.strip(), era=era)
        .order_by("-level").first()
    )
    if unit is None:
        raise UnknownUnit(f"unknown unit code for {era_label(era)}")
    return unit

