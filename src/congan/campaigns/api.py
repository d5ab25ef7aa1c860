"""JSON API: /api/campaigns/campaigns, /receipts, /receipts/{id}, /inventory, /wanted, /wanted/{id}."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from ninja import Query, Router, Schema

from congan.campaigns import services
from congan.campaigns.forms import ReceiptForm, WantedForm
from congan.campaigns.models import Campaign, ReceiptItem
from congan.campaigns.views import RECEIPTS, WANTED, save_receipt, save_wanted
from congan.org import jurisdiction
from congan.org.apiedit import StaleOut, save_from_api, write_errors
from congan.org.schemas import Day, RecordId, UnitFields, errors

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
    version: int
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


class WantedChangeOut(Schema):
    status: str
    on: date
    unit_code: str

    @staticmethod
    def resolve_unit_code(obj):
        return obj.unit.code


class WantedOut(UnitFields):
    id: int
    version: int
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
    changes: list[WantedChangeOut]

    @staticmethod
    def resolve_changes(obj):
        return list(obj.changes.select_related("unit"))


@router.get("/campaigns", response={200: list[CampaignOut], **errors()})
def list_campaigns(request):
    jurisdiction.require_records(request.user)
    return list(Campaign.objects.select_related("unit"))


@router.get("/receipts", response={200: list[ReceiptOut], **errors(404)})
def list_receipts(request, params: Query[RECEIPTS.api_params], campaign: RecordId | None = None):
    narrow = {} if campaign is None else {"campaign_id": campaign}
    return replace(RECEIPTS, prefetch=("items",)).api_rows(request, params, **narrow)


@router.get("/receipts/{pk}", response={200: ReceiptOut, **errors(404)})
def get_receipt(request, pk: RecordId):
    return RECEIPTS.view(request, pk, api=True)


@router.get("/inventory", response={200: list[InventoryRow], **errors()})
def inventory(request, campaign: RecordId | None = None, start: Day | None = None, end: Day | None = None):
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


@router.get("/wanted", response={200: list[WantedOut], **errors(404)})
def list_wanted(request, params: Query[WANTED.api_params]):
    return WANTED.api_rows(request, params)


@router.get("/wanted/{pk}", response={200: WantedDetailOut, **errors(404)})
def get_wanted(request, pk: RecordId):
    return WANTED.view(request, pk, api=True)


class ReceiptIn(Schema):
    """A receipt as the form takes it; an update sends the fields it changes and the version it read."""

    version: int | None = None
    receipt_number: str | None = None
    unit_code: str | None = None
    received_on: date | None = None
    handed_in_by: str | None = None
    campaign: int | None = None
    note: str | None = None


class WantedIn(Schema):
    """A wanted notice as the form takes it; an update sends the fields it changes and the version it read."""

    version: int | None = None
    wanted_number: str | None = None
    unit_code: str | None = None
    listed_on: date | None = None
    decision_number: str | None = None
    full_name: str | None = None
    year_of_birth: int | None = None
    offence: str | None = None
    wanted_type: str | None = None
    dangerous: bool | None = None


@router.post("/receipts", response={201: ReceiptOut, **write_errors()})
def create_receipt(request, payload: ReceiptIn):
    """Record a receipt (its lines through the page): checked by the receipt's rules, as the form is."""
    return save_from_api(request, RECEIPTS, ReceiptForm, payload, save=save_receipt)


@router.patch("/receipts/{pk}", response={200: ReceiptOut, 409: StaleOut, **write_errors(404)})
def update_receipt(request, pk: RecordId, payload: ReceiptIn):
    return save_from_api(request, RECEIPTS, ReceiptForm, payload, pk=pk, save=save_receipt)


@router.post("/wanted", response={201: WantedOut, **write_errors()})
def create_wanted(request, payload: WantedIn):
    """List a wanted person: checked by the wanted list's rules, as the form is."""
    return save_from_api(request, WANTED, WantedForm, payload, save=save_wanted)


@router.patch("/wanted/{pk}", response={200: WantedOut, 409: StaleOut, **write_errors(404)})
def update_wanted(request, pk: RecordId, payload: WantedIn):
    return save_from_api(request, WANTED, WantedForm, payload, pk=pk, save=save_wanted)
