from __future__ import annotations

import itertools
from datetime import date

from congan import units as unitdata
from congan.traffic.models import Accident
from tests.factories import unit

_seq = itertools.count(1)


def accident(unit_code: str = "31120", occurred_on: date = date(2024, 3, 1), **fields) -> Accident:
    defaults = {"accident_number": f"TT-{next(_seq):06d}", "unit": unit(unit_code, unitdata.era_on(occurred_on)),
                "occurred_on": occurred_on, "deaths": 0, "injuries": 1}
    defaults.update(fields)
    return Accident.objects.create(**defaults)
