"""JSON API of the accident register: /api/traffic/accidents, /api/traffic/accidents/{id}."""

from __future__ import annotations

from datetime import date, time

from ninja import Router, Schema

from congan import units as unitdata
from congan.org import audit, jurisdiction
from congan.org.listing import filter_records
from congan.org.schemas import UnitFields
from congan.org.unitcodes import api_unit
from congan.traffic.models import Accident

router = Router(tags=["traffic"])


class AccidentOut(UnitFields):
    id: int
    accident_number: str
    occurred_on: date
    occurred_at: time | None
    place: str
    road: str
    cause: str
    severity: str
    deaths: int
    injuries: int


class VehicleOut(Schema):
    id: int
    type: str
    plate: str


class CasualtyOut(Schema):
    vehicle_id: int | None
    outcome: str
    injury: str
    died_on: date | None


class AccidentDetailOut(AccidentOut):
    vehicles: list[VehicleOut]
    casualties: list[CasualtyOut]

    @staticmethod
    def resolve_vehicles(obj):
        return list(obj.vehicles.all())

    @staticmethod
    def resolve_casualties(obj):
        return list(obj.casualties.all())


@router.get("/accidents", response=list[AccidentOut])
def list_accidents(request, unit_code: str = "", era: str = unitdata.Y2025, start: date | None = None,
                   end: date | None = None, limit: int = 100, offset: int = 0):
    """Accidents in the period, in the unit's area (both eras), newest first."""
    jurisdiction.require_records(request.user)
    limit = max(1, min(limit, 1000))
    rows = filter_records(Accident.objects.select_related("unit"), request.user, date_field="occurred_on",
                          unit=api_unit(request.user, unit_code, era) if unit_code else None, start=start, end=end)
    rows = list(rows.order_by("-occurred_on", "-id")[offset:offset + limit])
    audit.record(action=audit.Action.LIST, request=request, object_type="traffic.Accident",
                 detail={"api": True, "unit": unit_code, "start": start, "end": end, "ids": [a.pk for a in rows]})
    return rows


@router.get("/accidents/{pk}", response=AccidentDetailOut)
def get_accident(request, pk: int):
    jurisdiction.require_records(request.user)
    accident = jurisdiction.get_for_user(Accident.objects.select_related("unit"), request.user,
                                         request=request, pk=pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=accident, detail={"api": True})
    return accident
