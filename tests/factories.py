"""Factories for test data: records in a named unit of either era."""

from __future__ import annotations

import itertools
from datetime import date

from congan.org.models import AdminUnit

_seq = itertools.count(1)


def unit(code: str, era: str = "legacy", level: str = "ward") -> AdminUnit:
    return AdminUnit.objects.get(code=code, era=era, level=level)


def person(unit_code: str = "31120", era: str = "legacy", **fields):
    from congan.registry.models import Person

    n = next(_seq)
    defaults = {
        "record_id": f"T{n:07d}",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": date(1990, 1, 1),
        "sex": "Nam",
        "id_number": f"0920900{n:05d}",
        "unit": unit(unit_code, era),
    }
    defaults.update(fields)
    return Person.objects.create(**defaults)
