"""What the registers' demos share (`congan demo`): the demo's span of days, its scale, the
city's old provinces and wards per era, and a calendar that places records in them.

Before 1 July 2025 demo records carry the old wards of the city's three old provinces, from
then on the 2025 wards, so same-period-last-year comparisons across the reform have data on
both sides.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from congan import units as unitdata
from congan.org import jurisdiction
from congan.org.models import AdminUnit, UnitSuccession

START = date(2023, 12, 15)
END = date(2026, 11, 26)
DEFAULT_RESIDENTS = 20_000
NAMES_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lâm", "Thạch"]
NAMES_MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Ngọc", "Thanh", "Quốc", "Hữu", "Công"]
NAMES_GIVEN = ["An", "Bình", "Cường", "Dũng", "Em", "Giàu", "Hùng", "Khánh", "Lộc", "Mến", "Nghĩa", "Phúc",
               "Quý", "Sang", "Tài", "Út", "Vũ", "Xuân", "Yến", "Tèo", "Tí", "Sơn", "Thảo", "Hậu"]


def scale(residents: int) -> float:
    """Records per year grow with the demo's residents, from a twentieth to ten times the default."""
    return min(max(residents / DEFAULT_RESIDENTS, 0.05), 10.0)


def old_provinces() -> list[AdminUnit]:
    """The provinces (before 2025) the city is made of: Cần Thơ, Hậu Giang and Sóc Trăng."""
    return list(AdminUnit.objects.filter(id__in=jurisdiction.city_unit_ids(), level=unitdata.PROVINCE,
                                         era=unitdata.LEGACY).order_by("code"))


def city_wards() -> dict[str, list[tuple[int, float]]]:
    """(unit id, weight) of the city's wards per era; city wards (phường) weigh more than communes."""
    out: dict[str, list[tuple[int, float]]] = {era: [] for era in unitdata.ERAS}
    wards = AdminUnit.objects.filter(id__in=jurisdiction.city_unit_ids(), level=unitdata.WARD)
    for uid, era, utype in wards.values_list("id", "era", "type"):
        out[era].append((uid, 2.0 if utype == "Phường" else 1.0))
    for era in out:
        out[era].sort()
    return out


def successors() -> dict[int, int]:
    """Old ward id → its default 2025 ward id (for a record that moves across the reform)."""
    return dict(UnitSuccession.objects.filter(is_default=True).values_list("old_id", "new_id"))


@dataclass
class DemoCalendar:
    """Random days between START and END, with a gentle yearly decline so comparisons show change."""

    rng: random.Random
    wards: dict[str, list[tuple[int, float]]]

    def day(self) -> date:
        span = (END - START).days
        while True:
            offset = self.rng.randrange(span + 1)
            # 6 % fewer records a year later: accept with probability falling along the span
            if self.rng.random() < 1.0 - 0.06 * offset / 365:
                return START + timedelta(days=offset)

    def ward(self, on: date) -> int:
        ids, weights = zip(*self.wards[unitdata.era_on(on)], strict=True)
        return self.rng.choices(ids, weights)[0]

    def count(self, per_year: float, residents: int) -> int:
        return max(1, round(per_year * scale(residents) * (END - START).days / 365))

    def name(self) -> str:
        r = self.rng
        return f"{r.choice(NAMES_FAMILY)} {r.choice(NAMES_MIDDLE)} {r.choice(NAMES_GIVEN)}"
