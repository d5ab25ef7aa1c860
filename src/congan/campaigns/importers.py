"""`congan import weapons FILE` and `congan import wanted FILE`.

weapons — columns receipt_id, unit_code, received_on, item_type, quantity (DESIGN.md), optional
handed_in_by. One item line per row; rows sharing a receipt_id are the lines of one receipt and
must agree on unit_code and received_on. The key is therefore (receipt_id, item_type): the same
item type twice on one receipt is a duplicate line, and a receipt_id already stored is refused
whole (a receipt is imported once, with all its lines; add a line through the form). Each
receipt joins the campaign running on its date over its unit (`services.campaign_for`).

wanted — columns wanted_id, unit_code, listed_on, status, status_on (status_on may be empty
for `listed`), optional decision_number, full_name, offence, wanted_type (normal | special),
dangerous (1/0, yes/no), year_of_birth. The import writes the "listed" change on listed_on and, when status is
not listed, the outcome on status_on, both against the listing unit (the unit holding the file).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

from congan.campaigns.models import (
    Campaign,
    ItemType,
    Receipt,
    ReceiptItem,
    WantedPerson,
    WantedStatus,
    WantedStatusChange,
    WantedType,
)
from congan.campaigns.services import campaign_for
from congan.importing import Importer, RowError, parse_choice, parse_int, parse_iso_date
from congan.org.unitcodes import UnitResolver
from congan.org.validity import check_row

RECEIPT_COLUMNS = {"receipt_number": "receipt_id", "unit": "unit_code"}
WANTED_COLUMNS = {"wanted_number": "wanted_id", "unit": "unit_code"}


def parse_quantity(value: str, item_type: str) -> Decimal:
    try:
        quantity = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise RowError("quantity", gettext_noop("not a number"), value) from None
    if not quantity.is_finite():
        raise RowError("quantity", gettext_noop("not a number"), value)
    check_row(ReceiptItem(item_type=item_type, quantity=quantity))
    return quantity


class WeaponsImporter(Importer):
    register = "weapons"
    columns = ("receipt_id", "unit_code", "received_on", "item_type", "quantity")
    # Not the framework's single-column key: receipt_id repeats across a receipt's lines, so
    # duplicates are found here on (receipt_id, item_type).
    key_column = ""

    def __init__(self, *, actor=None):
        super().__init__(actor=actor)
        self.units = UnitResolver(actor)
        self.receipts: dict[str, tuple[str, object, bool]] = {}  # id → (unit_code, date, stored before)
        self.lines: set[tuple[str, str]] = set()
        self.campaigns = list(Campaign.objects.all())

    def clean_row(self, row: dict[str, str]) -> tuple:
        number = row["receipt_id"].strip()
        if not number:
            raise RowError("receipt_id", gettext_noop("required"), "")
        received_on = parse_iso_date(row["received_on"], "received_on")
        unit = self.units.resolve_column(row, "unit_code", received_on)
        item_type = parse_choice(row["item_type"], "item_type", ItemType.values)
        quantity = parse_quantity(row["quantity"], item_type)
        handed_in_by = row.get("handed_in_by", "")
        check_row(Receipt(receipt_number=number, unit=unit, received_on=received_on, handed_in_by=handed_in_by,
                          campaign=campaign_for(unit=unit, on=received_on, campaigns=self.campaigns)),
                  columns=RECEIPT_COLUMNS)
        first = self.receipts.get(number)
        if first is None:
            stored = Receipt.objects.filter(receipt_number=number).exists()
            self.receipts[number] = first = (row["unit_code"].strip(), received_on, stored)
        if first[2]:
            raise RowError("receipt_id", gettext_noop("already stored"), number)
        if row["unit_code"].strip() != first[0]:
            raise RowError("unit_code", f"differs from an earlier line of receipt {number} ({first[0]})",
                           row["unit_code"])
        if received_on != first[1]:
            raise RowError("received_on", f"differs from an earlier line of receipt {number} ({first[1]})",
                           row["received_on"])
        if (number, item_type) in self.lines:
            raise RowError("item_type", f"a second {item_type} line for receipt {number}", item_type)
        self.lines.add((number, item_type))
        return number, unit, received_on, item_type, quantity, handed_in_by

    def store(self, cleaned: list[tuple]) -> int:
        numbers = {c[0] for c in cleaned}
        receipts = {r.receipt_number: r for r in Receipt.objects.filter(receipt_number__in=numbers)}
        new = {}
        for number, unit, received_on, _type, _qty, handed_in_by in cleaned:
            if number not in receipts and number not in new:
                new[number] = Receipt(
                    receipt_number=number, unit=unit, received_on=received_on, handed_in_by=handed_in_by,
                    campaign=campaign_for(unit=unit, on=received_on, campaigns=self.campaigns),
                )
        Receipt.objects.bulk_create(new.values(), batch_size=2000)
        receipts.update(new)
        ReceiptItem.objects.bulk_create(
            [ReceiptItem(receipt=receipts[c[0]], item_type=c[3], quantity=c[4]) for c in cleaned],
            batch_size=2000,
        )
        return len(cleaned)


_TRUE = {"1", "yes", "true", "có", "co", "x"}
_FALSE = {"", "0", "no", "false", "không", "khong"}


class WantedImporter(Importer):
    register = "wanted"
    columns = ("wanted_id", "unit_code", "listed_on", "status", "status_on")
    key_column = "wanted_id"

    def __init__(self, *, actor=None):
        super().__init__(actor=actor)
        self.units = UnitResolver(actor)

    def clean_row(self, row: dict[str, str]) -> WantedPerson:
        listed_on = parse_iso_date(row["listed_on"], "listed_on")
        unit = self.units.resolve_column(row, "unit_code", listed_on)
        status = parse_choice(row["status"], "status", WantedStatus.values)
        status_on = parse_iso_date(row["status_on"], "status_on", required=status != WantedStatus.LISTED)
        status_on = status_on or listed_on
        if status == WantedStatus.LISTED and status_on != listed_on:
            raise RowError("status_on", gettext_noop("a person still listed has no status date other than listed_on"),
                           status_on.isoformat())
        wanted_type = row.get("wanted_type", "") or WantedType.NORMAL
        dangerous = row.get("dangerous", "").strip().lower()
        if dangerous not in _TRUE | _FALSE:
            raise RowError("dangerous", gettext_noop("expected 1 or 0"), dangerous)
        wanted = WantedPerson(
            wanted_number=row["wanted_id"].strip(), unit=unit, listed_on=listed_on,
            decision_number=row.get("decision_number", ""), full_name=row.get("full_name", ""),
            offence=row.get("offence", ""),
            year_of_birth=parse_int(row["year_of_birth"], "year_of_birth") if row.get("year_of_birth") else None,
            wanted_type=parse_choice(wanted_type, "wanted_type", WantedType.values),
            dangerous=dangerous in _TRUE, status=status, status_on=status_on,
        )
        check_row(wanted, columns=WANTED_COLUMNS)
        return wanted

    def store(self, cleaned: list[WantedPerson]) -> int:
        people = WantedPerson.objects.bulk_create(cleaned, batch_size=2000)
        changes = [WantedStatusChange(wanted=w, status=WantedStatus.LISTED, on=w.listed_on, unit=w.unit)
                   for w in people]
        changes += [WantedStatusChange(wanted=w, status=w.status, on=w.status_on, unit=w.unit)
                    for w in people if w.status != WantedStatus.LISTED]
        WantedStatusChange.objects.bulk_create(changes, batch_size=2000)
        return len(people)

    def existing_keys(self, keys: list[str]) -> set[str]:
        return set(WantedPerson.objects.filter(wanted_number__in=keys).values_list("wanted_number", flat=True))


IMPORTERS = {"weapons": WeaponsImporter, "wanted": WantedImporter}
