"""JSON API of the case register: /api/cases/cases, /api/cases/cases/{id}."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema

from congan.cases.views import CASES
from congan.org import jurisdiction
from congan.org.listing import ListParams
from congan.org.schemas import UnitFields

router = Router(tags=["cases"])


class SuspectOut(Schema):
    suspect_number: str
    full_name: str
    year_of_birth: int | None
    arrested_on: date | None
    prosecuted_on: date | None
    person_id: int | None = Field(description="the resident record; null as well when it lies outside your area")

    @staticmethod
    def resolve_person_id(obj, context):
        return jurisdiction.linked(context["request"].user, obj.person) and obj.person_id


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
    no_crime_on: date | None

    @staticmethod
    def resolve_clearing_unit_code(obj):
        return obj.clearing_unit.code if obj.clearing_unit else None


class CaseDetailOut(CaseOut):
    summary: str
    suspects: list[SuspectOut]

    @staticmethod
    def resolve_suspects(obj):
        return list(obj.suspects.select_related("person"))


@router.get("/cases", response=list[CaseOut])
def list_cases(request, params: Query[ListParams]):
    """Cases detected in the period, in the unit's area (both eras), newest first."""
    return CASES.api_rows(request, params)


@router.get("/cases/{pk}", response=CaseDetailOut)
def get_case(request, pk: int):
    return CASES.view(request, pk, api=True)
