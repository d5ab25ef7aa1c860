"""JSON API: the review queue, decisions and the cleansing rate (jurisdiction-scoped, audited)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from congan import units as unitdata
from congan.dataquality import services
from congan.dataquality.models import PairStatus
from congan.dataquality.rates import rate_rows
from congan.dataquality.views import pair_for, visible_pairs
from congan.org import audit, jurisdiction
from congan.org.schemas import AnyEra, Era, RecordId, Text, UnitCode, Window, errors
from congan.org.unitcodes import api_unit

router = Router(tags=["dataquality"])


class RecordOut(Schema):
    id: int
    record_id: str
    source: str
    full_name: str
    birth: str
    sex: str
    id_number: str
    address: str
    father_name: str
    mother_name: str
    unit_code: str
    unit_era: str

    @staticmethod
    def resolve_birth(obj):
        return obj.birth_display

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code

    @staticmethod
    def resolve_unit_era(obj):
        return obj.unit.era


class PairOut(Schema):
    id: int
    run: int
    probability: float
    veto: bool
    status: str
    decided_at: datetime | None
    reason: str
    left: RecordOut
    right: RecordOut

    @staticmethod
    def resolve_run(obj):
        return obj.run_id


class DecisionIn(Schema):
    merge: bool = Field(strict=True)
    reason: Text = Field("", max_length=500)
    #: A merge over a differing ID number, date of birth or sex needs this and a reason.
    confirmed_differences: bool = Field(False, strict=True)


class StatsOut(Schema):
    unit: str
    era: str
    records: int
    cleaned: int
    cleansing_rate: float | None


class QueueWindow(Window):
    limit: int = Field(50, ge=1, le=500)


@router.get("/queue", response={200: list[PairOut], **errors()})
def review_queue(request, window: Query[QueueWindow]):
    """Pending pairs whose two records both lie in the caller's jurisdiction, surest first."""
    jurisdiction.require_records(request.user)
    pairs = list(visible_pairs(request.user).filter(status=PairStatus.PENDING)
                 .order_by("-probability", "id")[window.offset:window.offset + window.limit])
    audit.record(action=audit.Action.LIST, request=request, object_type="dataquality.ReviewPair",
                 detail={"api": True, "pairs": [p.pk for p in pairs],
                         "records": sorted({i for p in pairs for i in (p.left_id, p.right_id)})})
    return pairs


@router.get("/pairs/{pk}", response={200: PairOut, **errors(404)})
def get_pair(request, pk: RecordId):
    jurisdiction.require_records(request.user)
    pair = pair_for(request, pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=pair,
                 detail={"api": True, "records": [pair.left_id, pair.right_id]})
    return pair


@router.post("/pairs/{pk}/decision", response={200: PairOut, **errors(404, 409)})
def decide_pair(request, pk: RecordId, payload: DecisionIn):
    """Merge the two records into one person (merge=true) or keep them apart (merge=false)."""
    jurisdiction.require_records(request.user)
    if not jurisdiction.can_edit(request.user):
        raise HttpError(403, "forbidden")
    pair = pair_for(request, pk)
    try:
        services.decide(pair=pair, actor=request.user, merge=payload.merge, reason=payload.reason,
                        request=request, confirmed_differences=payload.confirmed_differences)
    except ValidationError as err:
        raise HttpError(409, " ".join(err.messages)) from err
    return pair_for(request, pk)


@router.get("/stats", response={200: StatsOut, **errors(404)})
def stats(request, unit: UnitCode, era: AnyEra = ""):
    """Records, settled records and the cleansing rate of one unit (ward, district or city)."""
    jurisdiction.require_records(request.user)
    target = api_unit(request.user, unit, era, request=request)
    ids = jurisdiction.unit_ids(target.id) & jurisdiction.user_unit_ids(request.user)
    figures = services.cleansing_stats(unit_ids=ids)
    audit.record(action=audit.Action.LIST, request=request, object_type="dataquality.CleansingRate",
                 detail={"api": True, "unit": target.code, "era": target.era})
    return {"unit": target.code, "era": target.era, **figures}


@router.get("/rates", response={200: list[StatsOut], **errors()})
def rates(request, era: Era = unitdata.LEGACY):
    """The cleansing rate of the city, districts and wards the caller may see."""
    jurisdiction.require_records(request.user)
    rows = rate_rows(request.user, era=era)
    audit.record(action=audit.Action.LIST, request=request, object_type="dataquality.CleansingRate",
                 detail={"api": True, "era": era, "units": [r.unit.pk for r in rows]})
    return [{"unit": r.unit.code, "era": r.unit.era, "records": r.records, "cleaned": r.cleaned,
             "cleansing_rate": r.cleansing_rate} for r in rows]
