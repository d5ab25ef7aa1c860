"""Records for report tests: cases, suspects, chuyên án, accidents, hand-ins and wanted persons in a named
unit of either era."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from tests.factories import unit

_seq = itertools.count(1)


def case(on: date, *, cleared: date | None = None, unit_code: str = "31120", era: str = "legacy",
         severity: str = "nghiem_trong", category: str = "theft", **fields):
    from congan.cases.models import Case

    n = next(_seq)
    return Case.objects.create(
        case_number=f"VA-{n:06d}", unit=unit(unit_code, era), detected_on=on, severity=severity,
        category=category, cleared_on=cleared, clearance_type="offender_identified" if cleared else "",
        status="cleared" if cleared else "detected", **fields,
    )


def suspect(of_case, *, arrested: date | None = None, prosecuted: date | None = None):
    from congan.cases.models import Suspect

    n = next(_seq)
    return Suspect.objects.create(case=of_case, full_name=f"Bị can {n}", arrested_on=arrested, prosecuted_on=prosecuted)


def operation(opened: date, *, broken: date | None = None, unit_code: str = "31120", era: str = "legacy",
              level: str = "ward", cases=()):
    from congan.cases.models import Operation

    n = next(_seq)
    op = Operation.objects.create(number=f"CA-{n:06d}", name=f"Chuyên án {n}", lead_unit=unit(unit_code, era, level),
                                  opened_on=opened, broken_on=broken)
    op.cases.set(cases)
    return op


def accident(on: date, *, deaths: int = 0, injuries: int = 0, unit_code: str = "31120", era: str = "legacy"):
    from congan.traffic.models import Accident

    n = next(_seq)
    return Accident.objects.create(accident_number=f"TN-{n:06d}", unit=unit(unit_code, era), occurred_on=on,
                                   deaths=deaths, injuries=injuries)


def receipt(on: date, items: dict[str, str | int], *, unit_code: str = "31120", era: str = "legacy"):
    from congan.campaigns.models import Receipt, ReceiptItem

    n = next(_seq)
    r = Receipt.objects.create(receipt_number=f"BN-{n:06d}", unit=unit(unit_code, era), received_on=on)
    for item_type, quantity in items.items():
        ReceiptItem.objects.create(receipt=r, item_type=item_type, quantity=Decimal(str(quantity)))
    return r


def wanted(listed: date, *, outcome: str | None = None, on: date | None = None, unit_code: str = "31120",
           era: str = "legacy"):
    from congan.campaigns.models import WantedPerson

    n = next(_seq)
    w = WantedPerson.objects.create(wanted_number=f"TNA-{n:06d}", unit=unit(unit_code, era), listed_on=listed,
                                    status_on=listed, full_name=f"Đối tượng {n}")
    if outcome:
        w.change_status(status=outcome, on=on)
    return w
