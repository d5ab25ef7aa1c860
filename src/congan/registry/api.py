from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Router, Schema, Status

from congan.org import audit, jurisdiction
from congan.org.apiedit import StaleOut, bound_form, missing_version, refusal, stale, write_errors
from congan.org.schemas import AnyEra, Day, RecordId, UnitCode, UnitFields, Year, errors
from congan.org.unitcodes import api_unit
from congan.org.versioning import StaleRecord
from congan.registry import services
from congan.registry.forms import ResidentForm
from congan.registry.models import Household, Person
from congan.registry.search import MAX_QUERY, search_people

router = Router(tags=["registry"])


class PersonOut(UnitFields):
    id: int
    version: int
    record_id: str
    full_name: str
    date_of_birth: date | None
    birth_year: int | None
    sex: str
    id_number: str


class DocumentOut(Schema):
    kind: str
    number: str
    issued_on: date | None
    valid: bool


class StepOut(Schema):
    kind: str
    on: date
    unit_code: str

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code


class ApplicationOut(Schema):
    status: str
    collected_on: date
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.select_related("unit"))


class PersonDetailOut(PersonOut):
    birth_month: int | None
    unit_era: str
    ethnicity: str
    religion: str
    nationality: str
    hometown: str
    address: str
    father_name: str
    mother_name: str
    spouse_name: str
    household_id: int | None = Field(description="null as well when the household lies outside your area")
    relation_to_head: str
    id_findings: list[str]
    documents: list[DocumentOut]
    id_card_applications: list[ApplicationOut]

    @staticmethod
    def resolve_unit_era(obj):
        return obj.unit.era

    @staticmethod
    def resolve_household_id(obj, context):
        return jurisdiction.linked(context["request"].user, obj.household) and obj.household_id

    @staticmethod
    def resolve_id_findings(obj):
        return [f for f in obj.id_finding.split("; ") if f]

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.all())

    @staticmethod
    def resolve_id_card_applications(obj):
        return list(obj.card_applications.all())


class PersonChangeOut(Schema):
    at: datetime
    actor: str
    reason: str
    changes: dict

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.username if obj.actor else ""


class HouseholdOut(Schema):
    id: int
    code: str
    address: str
    unit_code: str
    members: list[PersonOut] = Field(description="the members registered inside your area")
    members_elsewhere: int = Field(description="how many members are registered outside your area (not shown)")

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_members(obj, context):
        return _members(context["request"], obj)[0]

    @staticmethod
    def resolve_members_elsewhere(obj, context):
        return _members(context["request"], obj)[1]


def _members(request, household: Household) -> tuple[list[Person], int]:
    """The household's members the caller may see, and how many others (jurisdiction.split_linked)."""
    return jurisdiction.split_linked(request.user, list(household.members.select_related("unit").order_by("id")))


class CollectionOut(Schema):
    unit: str
    era: str
    end: date
    eligible: int
    applications: int
    collection_rate: float | None


class WardProgressOut(Schema):
    unit_code: str
    unit_era: str
    unit_name: str
    eligible: int
    collected: int
    produced: int
    handed_over: int
    collection_rate: float | None


def _person(request, pk: int) -> Person:
    return jurisdiction.get_for_user(Person.objects.select_related("unit"), request.user, request=request, pk=pk)


@router.get("/people", response={200: list[PersonOut], **errors()})
def list_people(request, q: Annotated[str, Field(max_length=MAX_QUERY)] = "", year: Year | None = None,
                limit: Annotated[int, Field(ge=1, le=500)] = 50):
    jurisdiction.require_records(request.user)
    if q:
        people = list(search_people(request.user, query=q, birth_year=year, limit=limit))
    else:
        people = list(jurisdiction.scope(Person.objects.select_related("unit"), request.user).order_by("id")[:limit])
    audit.record(action=audit.Action.SEARCH if q else audit.Action.LIST, request=request,
                 object_type="registry.Person", detail={"api": True, "query": q, "ids": [p.pk for p in people]})
    return people


@router.get("/people/{pk}", response={200: PersonDetailOut, **errors(404)})
def get_person(request, pk: RecordId):
    jurisdiction.require_records(request.user)
    person = _person(request, pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=person, detail={"api": True})
    return person


@router.get("/people/{pk}/history", response={200: list[PersonChangeOut], **errors(404)})
def person_history(request, pk: RecordId):
    jurisdiction.require_records(request.user)
    person = _person(request, pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=person, detail={"api": True, "history": True})
    return list(person.changes.select_related("actor"))


@router.get("/households/{pk}", response={200: HouseholdOut, **errors(404)})
def get_household(request, pk: RecordId):
    jurisdiction.require_records(request.user)
    household = jurisdiction.get_for_user(Household.objects.select_related("unit"), request.user,
                                          request=request, pk=pk)
    shown, elsewhere = _members(request, household)
    audit.record(action=audit.Action.VIEW, request=request, obj=household,
                 detail={"api": True, "members": [m.pk for m in shown], "members_elsewhere": elsewhere})
    return household


@router.get("/id-cards/collection", response={200: CollectionOut, **errors(404)})
def id_card_collection(request, unit: UnitCode, end: Day, era: AnyEra = "", start: Day | None = None):
    """The collection rate of one unit (ward, district or city) on a period end."""
    jurisdiction.require_records(request.user)
    target = api_unit(request.user, unit, era, request=request)
    figures = services.id_card_collection(unit_ids=jurisdiction.unit_ids(target.id), start=start, end=end)
    audit.record(action=audit.Action.LIST, request=request, object_type="registry.IdCardApplication",
                 detail={"api": True, "unit": target.code, "era": target.era, "end": end.isoformat()})
    return {"unit": target.code, "era": target.era, "end": end, **figures}


@router.get("/id-cards/wards", response={200: list[WardProgressOut], **errors()})
def id_card_wards(request, end: Day | None = None):
    """Collection progress of every ward in the user's jurisdiction."""
    jurisdiction.require_records(request.user)
    end = end or date.today()
    rows = services.ward_progress(unit_ids=jurisdiction.user_unit_ids(request.user), end=end)
    audit.record(action=audit.Action.LIST, request=request, object_type="registry.IdCardApplication",
                 detail={"api": True, "end": end.isoformat(), "wards": len(rows)})
    return [{"unit_code": r["unit"].code, "unit_era": r["unit"].era, "unit_name": r["unit"].name,
             **{k: r[k] for k in ("eligible", "collected", "produced", "handed_over", "collection_rate")}}
            for r in rows]


class PersonIn(Schema):
    """A correction of a resident: the fields it changes, why, and the version read."""

    version: int | None = None
    reason: str | None = None
    full_name: str | None = None
    date_of_birth: date | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    sex: str | None = None
    id_number: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    nationality: str | None = None
    hometown: str | None = None
    address: str | None = None
    unit: int | None = None
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    relation_to_head: str | None = None


@router.patch("/people/{pk}", response={200: PersonOut, 409: StaleOut, **write_errors(404)})
def correct_person(request, pk: RecordId, payload: PersonIn):
    """Correct a resident as the resident form does: the register's rules, the history of the
    change with its reason, and the version check (409 naming what changed since)."""
    jurisdiction.require_records(request.user)
    jurisdiction.require_edit(request.user)
    person = _person(request, pk)
    values = payload.dict(exclude_unset=True)
    if values.get("version") is None:
        return missing_version()
    form = bound_form(ResidentForm, Person.objects.get(pk=pk), values, user=request.user)
    if not form.is_valid():
        return refusal(form, person, values)
    try:
        services.correct_resident(person=person, new_values={f: form.cleaned_data[f] for f in form.Meta.fields},
                                  actor=request.user, reason=form.cleaned_data["reason"], request=request,
                                  version=form.cleaned_data["version"])
    except StaleRecord:
        return stale(person, values["version"])
    return Status(200, person)
