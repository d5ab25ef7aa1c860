"""The running inventory per campaign and receiving unit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from congan.campaigns.models import Campaign, ItemType, Receipt
from tests.campaigns.factories import ReceiptFactory
from tests.org.factories import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(name="Vận động giao nộp 2024", unit=unit("92", "2025", "province"),
                                   starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))


def test_campaign_page_totals_per_unit_within_the_area(client_for, ninhkieu, campaign):
    ReceiptFactory(unit_code="31120", items=[("homemade_gun", 2), ("explosive_kg", Decimal("0.5"))], campaign=campaign)
    ReceiptFactory(unit_code="31120", items=[("homemade_gun", 3)], campaign=campaign)
    ReceiptFactory(unit_code="31144", items=[("ammunition_round", 40)], campaign=campaign)
    ReceiptFactory(unit_code="31153", items=[("homemade_gun", 100)], campaign=campaign)  # Ô Môn: not Ninh Kiều's
    page = client_for(ninhkieu).get(f"/campaigns/weapons/campaigns/{campaign.pk}/")
    rows = {r["receipt__unit__code"]: qtys for r, qtys in page.context["rows"]}
    types = [v for v, _label in page.context["item_types"]]
    assert rows["31120"][types.index("homemade_gun")] == 5
    assert rows["31120"][types.index("explosive_kg")] == Decimal("0.5")
    assert rows["31144"][types.index("ammunition_round")] == 40
    assert "31153" not in rows
    assert page.context["total"][types.index("homemade_gun")] == 5


def test_a_receipt_joins_the_running_campaign(client_for, anhoa, campaign):
    client_for(anhoa).post("/campaigns/weapons/receipts/new/", {
        "receipt_number": "BB-F1", "unit_code": "31120", "received_on": "2024-06-01", "handed_in_by": "Ông Năm"})
    assert Receipt.objects.get(receipt_number="BB-F1").campaign == campaign


def test_item_lines_quantity_must_be_positive_and_one_per_type(client_for, anhoa):
    r = ReceiptFactory(items=[("magazine", 1)])
    client = client_for(anhoa)
    assert "quantity" in client.post(f"/campaigns/weapons/receipts/{r.pk}/items/",
                                     {"item_type": "homemade_gun", "quantity": "0"}).context["form"].errors
    assert "item_type" in client.post(f"/campaigns/weapons/receipts/{r.pk}/items/",
                                      {"item_type": "magazine", "quantity": "2"}).context["form"].errors
    assert client.post(f"/campaigns/weapons/receipts/{r.pk}/items/",
                       {"item_type": "explosive_kg", "quantity": "1.25"}).status_code == 302
    assert r.items.count() == 2


def test_weapons_page_shows_the_totals_of_the_selection(client_for, anhoa):
    ReceiptFactory(received_on=date(2024, 3, 1), items=[("homemade_gun", 2)])
    ReceiptFactory(received_on=date(2024, 8, 1), items=[("homemade_gun", 7)])
    page = client_for(anhoa).get("/campaigns/weapons/?start=2024-02-15&end=2024-03-14")
    quantities = [qty for _label, qty in page.context["totals"]]
    assert quantities[ItemType.values.index("homemade_gun")] == 2
    assert sum(quantities) == 2
