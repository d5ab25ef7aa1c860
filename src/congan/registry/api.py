from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError

from congan.org import audit, jurisdiction
from congan.registry.models import Person
from congan.registry.search import search_people

router = Router(tags=["registry"])


class PersonOut(Schema):
    id: int
    record_id: str
    full_name: str
    date_of_birth: date | None
    birth_year: int | None
    sex: str
    id_number: str
    unit_code: str
    unit_name: str

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


def _require_records(request):
    if request.user.role not in jurisdiction.RECORD_ROLES:
        raise HttpError(403, "forbidden")


@router.get("/people", response=list[PersonOut])
def list_people(request, q: str = "", year: int | None = None, limit: int = 50):
    _require_records(request)
    limit = max(1, min(limit, 500))
    if q:
        people = list(search_people(request.user, query=q, birth_year=year, limit=limit))
    else:
        people = list(jurisdiction.scope(Person.objects.select_related("unit"), request.user).order_by("id")[:limit])
    audit.record(action=audit.Action.SEARCH if q else audit.Action.LIST, request=request,
                 object_type="registry.Person", detail={"api": True, "query": q, "ids": [p.pk for p in people]})
    return people


@router.get("/people/{pk}", response=PersonOut)
def get_person(request, pk: int):
    _require_records(request)
    person = jurisdiction.get_for_user(Person.objects.select_related("unit"), request.user, request=request, pk=pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=person, detail={"api": True})
    return person
