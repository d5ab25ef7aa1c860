"""JSON API of the accident register: /api/traffic/accidents, /api/traffic/accidents/{id}."""

from __future__ import annotations

from datetime import date, time

from ninja import Query, Router, Schema

from congan.org.apiedit import StaleOut, save_from_api, write_errors
from congan.org.schemas import RecordId, UnitFields, errors
from congan.traffic.forms import AccidentForm
from congan.traffic.views import ACCIDENTS

router = Router(tags=["traffic"])


class AccidentOut(UnitFields):
    id: int
    version: int
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


@router.get("/accidents", response={200: list[AccidentOut], **errors(404)})
def list_accidents(request, params: Query[ACCIDENTS.api_params]):
    """Accidents in the period, in the unit's area (both eras), newest first."""
    return ACCIDENTS.api_rows(request, params)


@router.get("/accidents/{pk}", response={200: AccidentDetailOut, **errors(404)})
def get_accident(request, pk: RecordId):
    return ACCIDENTS.view(request, pk, api=True)


class AccidentIn(Schema):
    """An accident as the form takes it; an update sends the fields it changes and the version it read."""

    version: int | None = None
    accident_number: str | None = None
    unit_code: str | None = None
    occurred_on: date | None = None
    occurred_at: time | None = None
    place: str | None = None
    road: str | None = None
    cause: str | None = None
    deaths: int | None = None
    injuries: int | None = None
    description: str | None = None


@router.post("/accidents", response={201: AccidentOut, **write_errors()})
def create_accident(request, payload: AccidentIn):
    """Record an accident: checked by the accident register's rules, as the form is."""
    return save_from_api(request, ACCIDENTS, AccidentForm, payload)


@router.patch("/accidents/{pk}", response={200: AccidentOut, 409: StaleOut, **write_errors(404)})
def update_accident(request, pk: RecordId, payload: AccidentIn):
    """Change an accident: `version` is the one read; an accident changed since is refused (409)."""
    return save_from_api(request, ACCIDENTS, AccidentForm, payload, pk=pk)
