"""JSON API: /api/campaigns/campaigns, /receipts, /receipts/{id}, /inventory, /wanted, /wanted/{id}."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from congan import units as unitdata
from congan.campaigns import services
from congan.campaigns.models import Campaign, Receipt, ReceiptItem, WantedPerson
from congan.org import audit, jurisdiction
from congan.org.listing import filter_records
from congan.org.schemas import UnitFields
from congan.org.unitcodes import api_unit

router = Router(tags=["campaigns"])


class CampaignOut(UnitFields):
    id: int
    name: str
    starts_on: date
    ends_on: date


class ItemOut(Schema):
    item_type: str
    quantity: Decimal


class ReceiptOut(UnitFields):
    id: int
    receipt_number: str
    received_on: date
    handed_in_by: str
    campaign_id: int | None
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class InventoryRow(Schema):
    campaign_id: int | None
    unit_code: str
    unit_era: str
    totals: dict[str, Decimal]


class ChangeOut(Schema):
    status: str
    on: date
    unit_code: str

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code


class WantedOut(UnitFields):
    id: int
    wanted_number: str
    listed_on: date
    decision_number: str
    full_name: str
    offence: str
    wanted_type: str
    dangerous: bool
    status: str
    status_on: date


class WantedDetailOut(WantedOut):
    changes: list[ChangeOut]

    @staticmethod
    def resolve_changes(obj):
        return list(obj.changes.select_related("unit"))


@router.get("/campaigns", response=list[CampaignOut])
def list_campaigns(request):
    jurisdiction.require_records(request.user)
    return list(Campaign.objects.select_related("unit"))


@router.get("/receipts", response=list[ReceiptOut])
def list_receipts(request, unit_code: str = "", era: str = unitdata.Y2025, start: date | None = None,
                  end: date | None = None, campaign: int | None = None, limit: int = 100, offset: int = 0):
    jurisdiction.require_records(request.user)
    limit = max(1, min(limit, 1000))
    rows = filter_records(Receipt.objects.select_related("unit").prefetch_related("items"), request.user,
                          date_field="received_on", unit=api_unit(request.user, unit_code, era) if unit_code else None, start=start, end=end)
    if campaign is not None:
        rows = rows.filter(campaign_id=campaign)
    rows = list(rows.order_by("-received_on", "-id")[offset:offset + limit])
    audit.record(action=audit.Action.LIST, request=request, object_type="campaigns.Receipt",
                 detail={"api": True, "unit": unit_code, "start": start, "end": end, "ids": [r.pk for r in rows]})
    return rows


@router.get("/receipts/{pk}", response=ReceiptOut)
def get_receipt(request, pk: int):
    jurisdiction.require_records(request.user)
    receipt = jurisdiction.get_for_user(Receipt.objects.select_related("unit"), request.user, request=request, pk=pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=receipt, detail={"api": True})
    return receipt


@router.get("/inventory", response=list[InventoryRow])
def inventory(request, campaign: int | None = None, start: date | None = None, end: date | None = None):
    """Running totals handed in, per campaign and receiving unit, within the user's area."""
    jurisdiction.require_records(request.user)
    items = jurisdiction.scope(ReceiptItem.objects.all(), request.user, field="receipt__unit")
    if campaign is not None:
        items = items.filter(receipt__campaign_id=campaign)
    if start:
        items = items.filter(receipt__received_on__gte=start)
    if end:
        items = items.filter(receipt__received_on__lte=end)
    rows = services.inventory(items, by=("receipt__campaign", "receipt__unit__code", "receipt__unit__era"))
    return [{"campaign_id": r["receipt__campaign"], "unit_code": r["receipt__unit__code"],
             "unit_era": r["receipt__unit__era"], "totals": r["totals"]} for r in rows]


@router.get("/wanted", response=list[WantedOut])
def list_wanted(request, unit_code: str = "", era: str = unitdata.Y2025, start: date | None = None,
                end: date | None = None, status: str = "", limit: int = 100, offset: int = 0):
    jurisdiction.require_records(request.user)
    limit = max(1, min(limit, 1000))
    rows = filter_records(WantedPerson.objects.select_related("unit"), request.user, date_field="listed_on",
                          unit=api_unit(request.user, unit_code, era) if unit_code else None, start=start, end=end)
    if status:
        rows = rows.filter(status=status)
    rows = list(rows.order_by("-listed_on", "-id")[offset:offset + limit])
    audit.record(action=audit.Action.LIST, request=request, object_type="campaigns.WantedPerson",
                 detail={"api": True, "unit": unit_code, "start": start, "end": end, "ids": [w.pk for w in rows]})
    return rows


@router.get("/wanted/{pk}", response=WantedDetailOut)
def get_wanted(request, pk: int):
    jurisdiction.require_records(request.user)
    person = jurisdiction.get_for_user(WantedPerson.objects.select_related("unit"), request.user,
                                       request=request, pk=pk)
    audit.record(action=audit.Action.VIEW, request=request, obj=person, detail={"api": True})
    return person
