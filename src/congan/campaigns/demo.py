"""Synthetic weapons-surrender campaigns, receipts and wanted persons for the demo.

Each of the three old provinces ran its own 2024 campaign and first-half-2025 drive; the merged
city runs one from 1 July 2025. About 900 receipts and 450 wanted listings a year at the default
scale; outcomes (arrested, surrendered, removed) are dated changes as the reports count them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from congan import units as unitdata
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
from congan.org import jurisdiction
from congan.org.demodata import END, DemoCalendar, city_wards, old_provinces
from congan.org.models import AdminUnit

ITEMS = [  # (type, weight, low, high)
    (ItemType.RUDIMENTARY_WEAPON, 30, 1, 6), (ItemType.SUPPORT_TOOL, 20, 1, 4),
    (ItemType.AMMUNITION_ROUND, 15, 5, 200), (ItemType.HOMEMADE_GUN, 12, 1, 2),
    (ItemType.MAGAZINE, 6, 1, 3), (ItemType.MILITARY_WEAPON, 4, 1, 1),
    (ItemType.ARTILLERY_SHELL, 6, 1, 3), (ItemType.EXPLOSIVE_KG, 7, 0, 0),
]
OFFENCES = ["Giết người", "Cướp tài sản", "Cố ý gây thương tích", "Mua bán trái phép chất ma túy",
            "Lừa đảo chiếm đoạt tài sản", "Trộm cắp tài sản", "Tổ chức đánh bạc", "Vi phạm quy định về tham gia giao thông"]


def _campaigns() -> list[Campaign]:
    made = []
    for legacy in old_provinces():
        name = legacy.short_name
        made.append(Campaign(name=f"Vận động toàn dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ năm 2024 ({name})",
                             unit=legacy, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31)))
        made.append(Campaign(name=f"Đợt cao điểm giao nộp vũ khí 6 tháng đầu năm 2025 ({name})",
                             unit=legacy, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30)))
    city = jurisdiction.city_unit()
    made.append(Campaign(name="Vận động giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ thành phố Cần Thơ 2025–2026",
                         unit=city, starts_on=date(2025, 7, 1), ends_on=date(2026, 12, 31)))
    return Campaign.objects.bulk_create(made)


@transaction.atomic
def load(*, residents: int, seed: int, stdout) -> None:
    if Receipt.objects.exists() or WantedPerson.objects.exists():
        stdout.write("campaigns: already loaded")
        return
    rng = random.Random(f"campaigns-{seed}")
    cal = DemoCalendar(rng, city_wards())
    units = {u.id: u for u in AdminUnit.objects.filter(level=unitdata.WARD)
             .filter(id__in=[i for era in cal.wards.values() for i, _w in era])}
    campaigns = _campaigns()
    receipts, items = [], []
    kinds, weights = zip(*[(t, w) for t, w, _lo, _hi in ITEMS], strict=True)
    bounds = {t: (lo, hi) for t, _w, lo, hi in ITEMS}
    for i in range(cal.count(900, residents)):
        on = cal.day()
        unit = units[cal.ward(on)]
        receipt = Receipt(receipt_number=f"BB-{on.year}-{i + 1:05d}", unit=unit, received_on=on,
                          handed_in_by=cal.name(), campaign=campaign_for(unit=unit, on=on, campaigns=campaigns))
        receipts.append(receipt)
        for kind in set(rng.choices(kinds, weights, k=rng.choice([1, 1, 2, 3]))):
            lo, hi = bounds[kind]
            qty = (Decimal(rng.randint(1, 50)) / 10) if kind == ItemType.EXPLOSIVE_KG else Decimal(rng.randint(lo, hi))
            items.append(ReceiptItem(receipt=receipt, item_type=kind, quantity=qty))
    Receipt.objects.bulk_create(receipts, batch_size=2000)
    ReceiptItem.objects.bulk_create(items, batch_size=5000)

    wanted, changes = [], []
    for i in range(cal.count(450, residents)):
        on = cal.day()
        unit_id = cal.ward(on)
        w = WantedPerson(
            wanted_number=f"TN-{on.year}-{i + 1:05d}", unit_id=unit_id, listed_on=on,
            decision_number=f"{rng.randint(1, 300)}/QĐ-CSĐT", full_name=cal.name(),
            year_of_birth=rng.randint(1960, 2006), offence=rng.choice(OFFENCES),
            wanted_type=WantedType.SPECIAL if rng.random() < 0.08 else WantedType.NORMAL,
            dangerous=rng.random() < 0.15, status=WantedStatus.LISTED, status_on=on,
        )
        if rng.random() < 0.75:
            outcome_on = on + timedelta(days=int(rng.expovariate(1 / 90)))
            if outcome_on <= END:
                w.status = rng.choices([WantedStatus.ARRESTED, WantedStatus.SURRENDERED, WantedStatus.REMOVED],
                                       [60, 28, 12])[0]
                w.status_on = outcome_on
        wanted.append(w)
    WantedPerson.objects.bulk_create(wanted, batch_size=2000)
    for w in wanted:
        changes.append(WantedStatusChange(wanted=w, status=WantedStatus.LISTED, on=w.listed_on, unit_id=w.unit_id))
        if w.status != WantedStatus.LISTED:
            changes.append(WantedStatusChange(wanted=w, status=w.status, on=w.status_on, unit_id=w.unit_id))
    WantedStatusChange.objects.bulk_create(changes, batch_size=5000)
    stdout.write(f"campaigns: {len(campaigns)} campaigns, {len(receipts)} receipts ({len(items)} lines), "
                 f"{len(wanted)} wanted persons")
