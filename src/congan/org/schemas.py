"""API schema parts shared by every register: a record's unit, as (code, era, name)."""

from __future__ import annotations

from ninja import Schema


class UnitFields(Schema):
    """For records with a `unit` FK: a unit is (code, era) — codes were reused across the reform."""

    unit_code: str
    unit_era: str
    unit_name: str

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_unit_era(obj):
        return obj.unit.era

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name
