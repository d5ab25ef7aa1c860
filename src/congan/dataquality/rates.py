"""The cleansing rate per ward, district and city, within what a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from congan import units as unitdata
from congan.dataquality import services
from congan.org import jurisdiction
from congan.org.models import AdminUnit, UnitSuccession


@dataclass(frozen=True)
class RateRow:
    unit: AdminUnit
    records: int
    cleaned: int
    cleansing_rate: float | None


def _row(unit: AdminUnit, counts: dict[int, tuple[int, int]], visible: frozenset[int]) -> RateRow:
    ids = jurisdiction.unit_ids(unit.id) & visible
    records = sum(counts[u][0] for u in ids if u in counts)
    cleaned = sum(counts[u][1] for u in ids if u in counts)
    return RateRow(unit, **services.figures(records, cleaned))


def rate_rows(user, *, era: str = unitdata.LEGACY) -> list[RateRow]:
    """The city (if visible), then districts with their wards (legacy) or the 2025 wards.

    Only units holding records appear. A 2025 ward counts the records filed under the old
    wards that became (part of) it, so an old ward split in 2025 counts in each of its heirs.
    """
    visible = jurisdiction.user_unit_ids(user)
    if not visible:
        return []
    counts = services.counts_by_unit(unit_ids=visible)
    with_records = AdminUnit.objects.filter(id__in=list(counts))
    rows = []
    city = jurisdiction.city_unit()
    if city.id in visible:
        rows.append(_row(city, counts, visible))
    if era == unitdata.Y2025:
        legacy = [u.id for u in with_records if u.era == unitdata.LEGACY and u.level == unitdata.WARD]
        heirs = set(UnitSuccession.objects.filter(old_id__in=legacy).values_list("new_id", flat=True))
        own = {u.id for u in with_records if u.era == unitdata.Y2025 and u.level == unitdata.WARD}
        wards = AdminUnit.objects.filter(id__in=(heirs | own) & visible).order_by("name")
        return rows + [_row(w, counts, visible) for w in wards]
    wards = [u for u in with_records if u.era == unitdata.LEGACY and u.level == unitdata.WARD]
    districts = AdminUnit.objects.filter(id__in={w.parent_id for w in wards}).order_by("province_code", "name")
    for district in districts:
        if district.id in visible:
            rows.append(_row(district, counts, visible))
        rows += [_row(w, counts, visible) for w in sorted(wards, key=lambda w: w.name)
                 if w.parent_id == district.id]
    return rows
