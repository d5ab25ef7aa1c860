"""Accidents in a named unit: `AccidentFactory(unit_code="31120", occurred_on=..., deaths=1)`."""

from __future__ import annotations

from datetime import date

import factory

from congan.traffic.models import Accident
from tests.org.factories import RecordFactory, unit_on


class AccidentFactory(RecordFactory):
    class Meta:
        model = Accident

    accident_number = factory.Sequence(lambda n: f"TN-{n:06d}")
    occurred_on = date(2024, 3, 1)
    unit = unit_on("occurred_on")
    deaths = 0
    injuries = 0
