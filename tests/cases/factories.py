"""Cases in a named unit: `case(unit_code="31120", detected_on=date(2024, 3, 1))`."""

from __future__ import annotations

import itertools
from datetime import date

from congan import units as unitdata
from congan.cases.models import Case, Category, Severity
from tests.factories import unit

_seq = itertools.count(1)


def case(unit_code: str = "31120", detected_on: date = date(2024, 3, 1), **fields) -> Case:
    defaults = {
        "case_number": f"TC-{next(_seq):06d}",
        "unit": unit(unit_code, unitdata.era_on(detected_on)),
        "detected_on": detected_on,
        "articles": "173",
        "severity": Severity.IT_NGHIEM_TRONG,
        "category": Category.THEFT,
    }
    defaults.update(fields)
    return Case.objects.create(**defaults)
