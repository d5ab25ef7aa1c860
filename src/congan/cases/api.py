"""JSON API of the case register: /api/cases/cases, /api/cases/cases/{id}."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema

from congan.cases.forms import CaseForm
from congan.cases.views import CASES
from congan.org import jurisdiction
from congan.org.apiedit import StaleOut, save_from_api, write_errors
from congan.org.schemas import RecordId, UnitFields, errors

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
    version: int
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


@router.get("/cases", response={200: list[CaseOut], **errors(404)})
def list_cases(request, params: Query[CASES.api_params]):
    """Cases detected in the period, in the unit's area (both eras), newest first; searched, filtered and
    sorted as the list page does (`q`, `severity`, `category`, `crime_group`, `status`, `sort`)."""
    return CASES.api_rows(request, params)


@router.get("/cases/{pk}", response={200: CaseDetailOut, **errors(404)})
def get_case(request, pk: RecordId):
    return CASES.view(request, pk, api=True)


class CaseIn(Schema):
    """A case as the form takes it; an update sends the fields it changes and the version it read."""

    version: int | None = None
    case_number: str | None = None
    unit_code: str | None = None
    detected_on: date | None = None
    articles: str | None = None
    severity: str | None = None
    category: str | None = None
    prosecuted_on: date | None = None
    suspended_on: date | None = None
    cleared_on: date | None = None
    clearance_type: str | None = None
    clearing_unit_code: str | None = None
    summary: str | None = None


@router.post("/cases", response={201: CaseOut, **write_errors()})
def create_case(request, payload: CaseIn):
    """Record a case: checked by the case register's rules, as the form is."""
    return save_from_api(request, CASES, CaseForm, payload)


@router.patch("/cases/{pk}", response={200: CaseOut, 409: StaleOut, **write_errors(404)})
def update_case(request, pk: RecordId, payload: CaseIn):
    """Change a case: `version` is the one read; a case changed since is refused (409)."""
    return save_from_api(request, CASES, CaseForm, payload, pk=pk)
