"""The rulebooks of the weapons receipts (`Receipt.clean`, `ReceiptItem.clean`) and of the wanted
list (`WantedPerson.clean`): every rule refuses through the form, the import and the API alike
(where that way takes the field), names the field, and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest

from congan.campaigns.importers import WantedImporter, WeaponsImporter
from congan.campaigns.models import Campaign, Receipt, ReceiptItem, WantedPerson
from congan.importing import run_import
from tests.campaigns.factories import ReceiptFactory
from tests.org.factories import unit
from tests.support.rules import call_api, post_form, write_file

pytestmark = pytest.mark.django_db

# --- weapons receipts -------------------------------------------------------------------------

RECEIPT = {"receipt_number": "BN-R-1", "unit_code": "31120", "received_on": "2024-04-01", "handed_in_by": "Lê Văn Tám"}
RECEIPT_HEADER = ["receipt_id", "unit_code", "received_on", "item_type", "quantity", "handed_in_by"]
RECEIPT_COLUMN = {"receipt_number": "receipt_id"}
LINE = {"item_type": "homemade_gun", "quantity": "2"}

RECEIPT_RULES = [
    ({"received_on": "2030-06-01", "unit_code": "31135"}, "received_on", "cannot be in the future"),
    ({"received_on": "1800-01-01"}, "received_on", "cannot be before 01/01/1975"),
    ({"receipt_number": "BN-" + "1" * 38}, "receipt_number", "is 41 characters long; at most 40 are allowed"),
    ({"handed_in_by": "Ông " + "A" * 197}, "handed_in_by", "is 201 characters long; at most 200 are allowed"),
    ({"handed_in_by": "Lê\x00Văn"}, "handed_in_by", "NUL character"),
]
RECEIPT_IDS = [f"{field}-{n}" for n, (_, field, _) in enumerate(RECEIPT_RULES)]


@pytest.mark.parametrize(("changes", "field", "reason"), RECEIPT_RULES, ids=RECEIPT_IDS)
def test_the_receipt_form_refuses(client_for, nhaplieu, changes, field, reason):
    errors = post_form(client_for(nhaplieu), "/campaigns/weapons/receipts/new/", {**RECEIPT, **changes})
    assert errors.get(field), errors
    assert not Receipt.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), RECEIPT_RULES, ids=RECEIPT_IDS)
def test_the_weapons_import_refuses(tmp_path, changes, field, reason):
    row = {RECEIPT_COLUMN.get(k, k): v for k, v in {**RECEIPT, **LINE, **changes}.items()}
    result = run_import(WeaponsImporter(), write_file(tmp_path / "weapons.csv", RECEIPT_HEADER, [row]))
    assert [(r.row, r.field) for r in result.rejects] == [(2, RECEIPT_COLUMN.get(field, field))]
    assert reason in result.rejects[0].reason
    assert result.stored == 0 and not Receipt.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), RECEIPT_RULES, ids=RECEIPT_IDS)
def test_the_receipt_api_refuses(client_for, nhaplieu, changes, field, reason):
    status, body = call_api(client_for(nhaplieu), "post", "/api/campaigns/receipts", {**RECEIPT, **changes})
    assert status == 422, body
    assert body["errors"].get(field), body
    assert not Receipt.objects.exists()


def _campaign() -> Campaign:
    return Campaign.objects.create(name="Đợt 1/2024", unit=unit("92", level="province"),
                                   starts_on=date(2024, 1, 1), ends_on=date(2024, 3, 31))


def test_a_receipt_outside_its_campaign_is_refused_by_form_and_api(client_for, nhaplieu):
    campaign = _campaign()
    client = client_for(nhaplieu)
    errors = post_form(client, "/campaigns/weapons/receipts/new/", {**RECEIPT, "campaign": campaign.pk})
    assert errors["received_on"] == ["nằm ngoài đợt “Đợt 1/2024” (01/01/2024 đến 31/03/2024)"]
    status, body = call_api(client, "post", "/api/campaigns/receipts", {**RECEIPT, "campaign": campaign.pk})
    assert status == 422 and body["errors"]["received_on"], body
    assert not Receipt.objects.exists()


@pytest.mark.parametrize(("quantity", "reason"), [
    ("999999999", "must be at most 100,000"),
    ("1000000000", "must be at most 100,000"),
    ("2.5", "must be a whole number"),
    ("0", "must be more than zero"),
])
def test_a_quantity_out_of_range_is_refused_by_import_and_form(tmp_path, client_for, nhaplieu, quantity, reason):
    row = {RECEIPT_COLUMN.get(k, k): v for k, v in {**RECEIPT, **LINE, "quantity": quantity}.items()}
    result = run_import(WeaponsImporter(), write_file(tmp_path / "weapons.csv", RECEIPT_HEADER, [row]))
    assert [(r.row, r.field) for r in result.rejects] == [(2, "quantity")]
    assert reason in result.rejects[0].reason
    receipt = ReceiptFactory(items={"magazine": 1})
    errors = post_form(client_for(nhaplieu), f"/campaigns/weapons/receipts/{receipt.pk}/items/",
                       {"item_type": "homemade_gun", "quantity": quantity})
    assert errors.get("quantity"), errors
    assert list(ReceiptItem.objects.values_list("item_type", flat=True)) == ["magazine"]


# --- wanted persons ---------------------------------------------------------------------------

WANTED = {"wanted_number": "TNA-R-1", "unit_code": "31120", "listed_on": "2024-04-01", "full_name": "Trần Văn Bảy",
          "year_of_birth": "1990", "wanted_type": "normal"}
WANTED_HEADER = ["wanted_id", "unit_code", "listed_on", "status", "status_on", "full_name", "year_of_birth",
                 "offence"]
WANTED_COLUMN = {"wanted_number": "wanted_id"}

WANTED_RULES = [
    ({"listed_on": "2030-06-01", "unit_code": "31135"}, "listed_on", "cannot be in the future"),
    ({"listed_on": "1800-01-01"}, "listed_on", "cannot be before 01/01/1975"),
    ({"year_of_birth": "2030"}, "year_of_birth", "must be between 1880 and 2010"),
    ({"year_of_birth": "1200"}, "year_of_birth", "must be between 1880 and 2010"),
    ({"full_name": "Trần " + "A" * 116}, "full_name", "is 121 characters long; at most 120 are allowed"),
    ({"offence": "Giết\x00người"}, "offence", "NUL character"),
]
WANTED_IDS = [f"{field}-{n}" for n, (_, field, _) in enumerate(WANTED_RULES)]


@pytest.mark.parametrize(("changes", "field", "reason"), WANTED_RULES, ids=WANTED_IDS)
def test_the_wanted_form_refuses(client_for, nhaplieu, changes, field, reason):
    errors = post_form(client_for(nhaplieu), "/campaigns/wanted/new/", {**WANTED, **changes})
    assert errors.get(field), errors
    assert not WantedPerson.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), WANTED_RULES, ids=WANTED_IDS)
def test_the_wanted_import_refuses(tmp_path, changes, field, reason):
    row = {WANTED_COLUMN.get(k, k): v for k, v in {**WANTED, "status": "listed", **changes}.items()}
    result = run_import(WantedImporter(), write_file(tmp_path / "wanted.csv", WANTED_HEADER, [row]))
    assert [(r.row, r.field) for r in result.rejects] == [(2, WANTED_COLUMN.get(field, field))]
    assert reason in result.rejects[0].reason
    assert result.stored == 0 and not WantedPerson.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), WANTED_RULES, ids=WANTED_IDS)
def test_the_wanted_api_refuses(client_for, nhaplieu, changes, field, reason):
    status, body = call_api(client_for(nhaplieu), "post", "/api/campaigns/wanted", {**WANTED, **changes})
    assert status == 422, body
    assert body["errors"].get(field), body
    assert not WantedPerson.objects.exists()


@pytest.mark.parametrize(("status", "status_on", "reason"), [
    ("arrested", "2030-01-01", "cannot be in the future"),
    ("arrested", "2024-03-31", "cannot be before listed on (01/04/2024)"),
])
def test_a_status_date_out_of_order_is_refused(tmp_path, status, status_on, reason):
    row = {WANTED_COLUMN.get(k, k): v for k, v in {**WANTED, "status": status, "status_on": status_on}.items()}
    result = run_import(WantedImporter(), write_file(tmp_path / "wanted.csv", WANTED_HEADER, [row]))
    assert [(r.field, r.reason) for r in result.rejects] == [("status_on", reason + (
        f" (today is {date.today():%d/%m/%Y})" if "future" in reason else ""))]
    assert not WantedPerson.objects.exists()


def test_good_records_pass_every_way_in(tmp_path, client_for, nhaplieu):
    client = client_for(nhaplieu)
    assert post_form(client, "/campaigns/weapons/receipts/new/", {**RECEIPT, "receipt_number": "BN-F"}) == {}
    assert post_form(client, "/campaigns/wanted/new/", {**WANTED, "wanted_number": "TNA-F"}) == {}
    receipt_row = {RECEIPT_COLUMN.get(k, k): v for k, v in {**RECEIPT, **LINE, "receipt_number": "BN-I"}.items()}
    assert run_import(WeaponsImporter(), write_file(tmp_path / "w.csv", RECEIPT_HEADER, [receipt_row])).ok
    wanted_row = {WANTED_COLUMN.get(k, k): v for k, v in {**WANTED, "status": "listed", "wanted_number": "TNA-I"}.items()}
    assert run_import(WantedImporter(), write_file(tmp_path / "t.csv", WANTED_HEADER, [wanted_row])).ok
    assert call_api(client, "post", "/api/campaigns/receipts", {**RECEIPT, "receipt_number": "BN-A"})[0] == 201
    assert call_api(client, "post", "/api/campaigns/wanted", {**WANTED, "wanted_number": "TNA-A"})[0] == 201
    assert sorted(Receipt.objects.values_list("receipt_number", flat=True)) == ["BN-A", "BN-F", "BN-I"]
    assert sorted(WantedPerson.objects.values_list("wanted_number", flat=True)) == ["TNA-A", "TNA-F", "TNA-I"]
