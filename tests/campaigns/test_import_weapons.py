"""`congan import weapons FILE`: one item line per row, lines of a receipt share its receipt_id."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from congan.campaigns.importers import WeaponsImporter
from congan.campaigns.models import Campaign, Receipt, ReceiptItem
from congan.importing import run_import
from tests.cases.importfiles import write_csv
from tests.org.factories import unit

HEADER = ["receipt_id", "unit_code", "received_on", "item_type", "quantity"]

pytestmark = pytest.mark.django_db


def _import(tmp_path, rows, header=HEADER):
    return run_import(WeaponsImporter(), write_csv(tmp_path / "weapons.csv", header, rows))


def test_lines_sharing_a_receipt_id_make_one_receipt_in_its_campaign(tmp_path):
    city = Campaign.objects.create(name="Vận động 2024", unit=unit("92", "2025", "province"),
                                   starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    result = _import(tmp_path, [
        ["BB-1", "31120", "2024-05-02", "homemade_gun", "2"],
        ["BB-1", "31120", "2024-05-02", "ammunition_round", "150"],
        ["BB-1", "31120", "2024-05-02", "explosive_kg", "1.25"],
        ["BB-2", "31135", "2025-08-02", "rudimentary_weapon", "4"],
    ])
    assert result.ok and result.stored == 4
    receipt = Receipt.objects.get(receipt_number="BB-1")
    assert receipt.campaign == city and receipt.unit.name == "Phường An Hòa"
    assert {i.item_type: i.quantity for i in receipt.items.all()} == {
        "homemade_gun": 2, "ammunition_round": 150, "explosive_kg": Decimal("1.25"),
    }
    assert Receipt.objects.get(receipt_number="BB-2").campaign is None  # no campaign running in 2025


@pytest.mark.parametrize(("row", "field", "reason"), [
    (["BB-1", "31120", "2024-05-02", "explosive_kg", "0"], "quantity", "more than zero"),
    (["BB-1", "31120", "2024-05-02", "explosive_kg", "-2"], "quantity", "more than zero"),
    (["BB-1", "31120", "2024-05-02", "homemade_gun", "1.5"], "quantity", "whole number"),
    (["BB-1", "31120", "2024-05-02", "tank", "1"], "item_type", "unknown value"),
    (["BB-1", "31120", "2024-05-02", "magazine", "3"], "item_type", "a second magazine line"),
    (["BB-1", "31144", "2024-05-02", "homemade_gun", "1"], "unit_code", "differs from an earlier line"),
    (["BB-1", "31120", "2024-05-03", "homemade_gun", "1"], "received_on", "differs from an earlier line"),
    (["BB-2", "31144", "2025-08-02", "homemade_gun", "1"], "unit_code", "unknown unit code for 2025"),
])
def test_a_bad_row_rejects_the_whole_file(tmp_path, row, field, reason):
    result = _import(tmp_path, [["BB-1", "31120", "2024-05-02", "magazine", "2"], row])
    assert result.stored == 0
    assert [(r.row, r.field) for r in result.rejects] == [(3, field)]
    assert reason in result.rejects[0].reason
    assert not Receipt.objects.exists() and not ReceiptItem.objects.exists()


def test_a_receipt_already_stored_is_refused_whole(tmp_path):
    assert _import(tmp_path, [["BB-1", "31120", "2024-05-02", "magazine", "2"]]).ok
    result = _import(tmp_path, [["BB-1", "31120", "2024-05-02", "homemade_gun", "1"],
                                ["BB-3", "31120", "2024-05-02", "homemade_gun", "1"]])
    assert [(r.row, r.field, r.reason) for r in result.rejects] == [(2, "receipt_id", "already stored")]
    assert ReceiptItem.objects.count() == 1
