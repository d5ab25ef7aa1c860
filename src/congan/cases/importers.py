"""`congan import cases FILE` and `congan import suspects FILE`.

Cases (DESIGN.md): case_id, unit_code, detected_on, article, severity, category, cleared_on.
Optional columns, read when present: clearance_type (offender_identified | exceptional; default
offender_identified when cleared_on is given), clearing_unit_code (a code valid on cleared_on;
default the detecting unit), prosecuted_on.

Suspects (DESIGN.md): case_id, suspect_id, full_name, year_of_birth, arrested_on, prosecuted_on;
one row per suspect of a case already stored. The dates may be empty; none may be before the
case was detected.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_noop

from congan.cases.models import (
    Case,
    Category,
    ClearanceType,
    Severity,
    Suspect,
)
from congan.importing import Importer, RowError, parse_choice, parse_int, parse_iso_date
from congan.org import jurisdiction
from congan.org.unitcodes import UnitResolver
from congan.org.validity import check_row

#: The file's column of a model field, where the names differ.
CASE_COLUMNS = {"case_number": "case_id", "articles": "article", "unit": "unit_code",
                "clearing_unit": "clearing_unit_code"}
SUSPECT_COLUMNS = {"suspect_number": "suspect_id", "case": "case_id"}


class CaseImporter(Importer):
    register = "cases"
    columns = ("case_id", "unit_code", "detected_on", "article", "severity", "category", "cleared_on")
    key_column = "case_id"

    def __init__(self, *, actor=None):
        super().__init__(actor=actor)
        self.units = UnitResolver(actor)

    def clean_row(self, row: dict[str, str]) -> Case:
        detected_on = parse_iso_date(row["detected_on"], "detected_on")
        unit = self.units.resolve_column(row, "unit_code", detected_on)
        severity = parse_choice(row["severity"], "severity", Severity.values)
        category = parse_choice(row["category"], "category", Category.values)
        articles = row["article"].strip()
        cleared_on = parse_iso_date(row["cleared_on"], "cleared_on", required=False)
        prosecuted_on = parse_iso_date(row.get("prosecuted_on", ""), "prosecuted_on", required=False)
        case = Case(
            case_number=row["case_id"].strip(), unit=unit, detected_on=detected_on, articles=articles,
            severity=severity, category=category, prosecuted_on=prosecuted_on,
        )
        how = row.get("clearance_type", "")
        if cleared_on:
            case.cleared_on = cleared_on
            case.clearance_type = (parse_choice(how, "clearance_type", ClearanceType.values)
                                   if how else ClearanceType.OFFENDER_IDENTIFIED)
            case.clearing_unit = (self.units.resolve_column(row, "clearing_unit_code", cleared_on)
                                  if row.get("clearing_unit_code") else unit)
        elif how:
            raise RowError("clearance_type", gettext_noop("given for a case that is not cleared (cleared_on is empty)"), how)
        check_row(case, columns=CASE_COLUMNS)
        case.fill_derived()
        return case

    def store(self, cleaned: list[Case]) -> int:
        return len(Case.objects.bulk_create(cleaned, batch_size=2000))

    def existing_keys(self, keys: list[str]) -> set[str]:
        return set(Case.objects.filter(case_number__in=keys).values_list("case_number", flat=True))


class SuspectImporter(Importer):
    register = "suspects"
    columns = ("case_id", "suspect_id", "full_name", "year_of_birth", "arrested_on", "prosecuted_on")
    key_column = "suspect_id"

    def __init__(self, *, actor=None):
        super().__init__(actor=actor)
        self._cases: dict[str, tuple[int, date] | None] = {}
        self._area = jurisdiction.import_area(actor)

    def _case(self, number: str) -> tuple[int, date]:
        if number not in self._cases:
            self._cases[number] = (Case.objects.filter(case_number=number, unit__in=self._area)
                                   .values_list("id", "detected_on").first())
        found = self._cases[number]
        if found is None:
            raise RowError("case_id", gettext_noop("no case with this number is stored in your area (import the cases first)")
                           if self.actor is not None else
                           gettext_noop("no case with this number is stored (import the cases first)"), number)
        return found

    def clean_row(self, row: dict[str, str]) -> Suspect:
        if not row["case_id"]:
            raise RowError("case_id", gettext_noop("required"), "")
        case_id, detected_on = self._case(row["case_id"].strip())
        name = row["full_name"].strip()
        if not name:
            raise RowError("full_name", gettext_noop("required"), name)
        year = parse_int(row["year_of_birth"], "year_of_birth") if row["year_of_birth"] else None
        dates = {name: parse_iso_date(row[name], name, required=False) for name in ("arrested_on", "prosecuted_on")}
        suspect = Suspect(case=Case(id=case_id, detected_on=detected_on), suspect_number=row["suspect_id"].strip(),
                          full_name=name, year_of_birth=year, **dates)
        check_row(suspect, columns=SUSPECT_COLUMNS)
        return suspect

    def store(self, cleaned: list[Suspect]) -> int:
        return len(Suspect.objects.bulk_create(cleaned, batch_size=2000))

    def existing_keys(self, keys: list[str]) -> set[str]:
        return set(Suspect.objects.filter(suspect_number__in=keys).values_list("suspect_number", flat=True))


IMPORTERS = {"cases": CaseImporter, "suspects": SuspectImporter}
