"""JSON API of the case register: /api/cases/cases, /api/cases/cases/{id}."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from congan import units as unitdata
from congan.cases.models import Case
from congan.org import audit, jurisdiction
from congan.org.listing import filter_records
from congan.org.schemas import UnitFields
from congan.org.unitcodes import api_unit

router = Router(tags=["cases"])


class SuspectOut(Schema):
    suspect_number: str
    full_name: str
    year_of_birth: int | None
    arrested_on: date | None
    prosecuted_on: date | None
    person_id: int | None


class CaseOut(UnitFields):
    id: int
    case_number: str
    detected_on: date
    articles: str
    severity: str
    category: str
    crime_group: str
    status: str
    prosecuted_on: date | None
    cleared_on: date | None
    clearance_type: str
    clearing_unit_code: str | None
    suspended_on: date | None

    @staticmethod
    def resolve_clearing_unit_code(obj):
        return obj.clearing_unit.code if obj.clearing_unit else None


class CaseDetailOut(CaseOut):
    summary: str
    suspects: list[SuspectOut]

    @staticmethod
    def resolve_suspects(obj):
        return list(obj.suspects.all())


@router.get("/cases", response=list[CaseOut])
def list_cases(request, unit_code: str = "", era: str = unitdata.Y2025, start: date | None = None,
               end: date | None = None, limit: int = 100, offset: int = 0):
    """Cases detected in the period, in the unit's area (both eras), newest first."""
    jurisdiction.require_records(request.user)
    limit = max(1, min(limit, 1000))
    cases = filter_records(Case.objects.select_related("unit", "clearing_unit"), request.user,
                           date_field="detected_on", unit=api_unit(request.user, unit_code, era) if unit_code else None,
                           start=start, end=end)
    rows = list(cases.order_by("-detected_on", "-id")[offset:offset + limit])
    audit.record(action=audit.Action.LIST, request=request, object_type="cases.Case",
                 detail={"api": True, "unit": unit_code, "start": start, "end": end, "ids": [c.pk for c in rows]})
    return rows


@router.get("/cases/{pk}", response=CaseDetailOut)
def get_case(request, pk: int):
    jurisdiction.require_records(request.user)
    case = jurisdiction.get_for_user(Case.objects.select_related("unit", "clearing_unit"), request.user,
                                     request=request, pk=pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=case, detail={"api": True})
    return case
