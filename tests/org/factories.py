"""Units for test data: loaded once per session (conftest), looked up by code, era and level.

A record's factory takes `unit_code` (and `era`, else the era of the record's date) so a test
reads like the clerk's entry: `CaseFactory(unit_code="31135", detected_on=date(2025, 8, 1))`.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from congan import units as unitdata
from congan.org.models import AdminUnit


def unit(code: str, era: str = unitdata.LEGACY, level: str = unitdata.WARD) -> AdminUnit:
    return AdminUnit.objects.get(code=code, era=era, level=level)


def unit_on(date_field: str) -> factory.LazyAttribute:
    """The factory's `unit_code` in its `era`, or in the era of the record's `date_field`."""
    return factory.LazyAttribute(
        lambda o: unit(o.unit_code, o.era or unitdata.era_on(getattr(o, date_field)), o.level))


class RecordFactory(DjangoModelFactory):
    """A register's record in a unit: the parameters `unit_on` reads."""

    class Meta:
        abstract = True

    class Params:
        unit_code = "31120"  # Phường An Hòa, Ninh Kiều (before 2025)
        era = None
        level = unitdata.WARD
