from __future__ import annotations

import itertools
from datetime import date

from congan import units as unitdata
from congan.campaigns.models import Receipt, ReceiptItem, WantedPerson, WantedStatusChange
from tests.factories import unit

_seq = itertools.count(1)


def receipt(unit_code: str = "31120", received_on: date = date(2024, 3, 1), items=(("homemade_gun", 1),),
            **fields) -> Receipt:
    defaults = {"receipt_number": f"TR-{next(_seq):06d}", "unit": unit(unit_code, unitdata.era_on(received_on)),
                "received_on": received_on}
    defaults.update(fields)
    r = Receipt.objects.create(**defaults)
    for item_type, quantity in items:
        ReceiptItem.objects.create(receipt=r, item_type=item_type, quantity=quantity)
    return r


def wanted(unit_code: str = "31120", listed_on: date = date(2024, 3, 1), **fields) -> WantedPerson:
    defaults = {"wanted_number": f"TW-{next(_seq):06d}", "unit": unit(unit_code, unitdata.era_on(listed_on)),
                "listed_on": listed_on, "status_on": listed_on, "full_name": "Phạm Văn Tư"}
    defaults.update(fields)
    w = WantedPerson.objects.create(**defaults)
    WantedStatusChange.objects.create(wanted=w, status="listed", on=listed_on, unit=w.unit)
    return w
