"""Addresses for synthetic people, in the legacy (pre-July 2025) and the 2025 structure.

A person's address is stored in legacy names (province, district, ward); the 2025 form keeps
the street part and swaps the unit names for the new ward and province.
"""

from __future__ import annotations

import random
from functools import cache

from congan.units import DISTRICT, LEGACY, PROVINCE, WARD, Y2025, Unit, load_units, old_to_new

from .names import HAMLET_WORDS, STREETS

_URBAN_TYPES = ("Phường", "Thị trấn")


@cache
def _index(era: str) -> dict[tuple[str, str], Unit]:
    return {(u.level, u.code): u for u in load_units(era)}


def legacy_ward(code: str) -> Unit:
    return _index(LEGACY)[(WARD, code)]


@cache
def legacy_unit_suffix(ward_code: str) -> str:
    """'Phường An Hòa, Quận Ninh Kiều, Thành phố Cần Thơ' for a legacy ward code."""
    index = _index(LEGACY)
    ward = index[(WARD, ward_code)]
    district = index[(DISTRICT, ward.parent_code)]
    province = index[(PROVINCE, ward.province_code)]
    return f"{ward.name}, {district.name}, {province.name}"


class StreetPlan:
    """Each ward's own few streets (urban) or hamlets (rural), stable for a seed."""

    def __init__(self, seed: int):
        self._seed = seed
        self._plans: dict[str, tuple[bool, list[str]]] = {}

    def _plan(self, ward: Unit) -> tuple[bool, list[str]]:
        plan = self._plans.get(ward.code)
        if plan is None:
            # A string seed is hashed deterministically, unlike hash(), so the plan is stable.
            local = random.Random(f"{self._seed}:{ward.code}")
            urban = ward.type in _URBAN_TYPES
            pool = STREETS if urban else HAMLET_WORDS
            plan = self._plans[ward.code] = (urban, local.sample(pool, 8))
        return plan

    def street_part(self, rng: random.Random, ward: Unit) -> str:
        """'Số 12, Đường Trần Hưng Đạo' in towns, 'Tổ 3, Ấp Mỹ Ái' in the countryside."""
        urban, names = self._plan(ward)
        name = names[int(rng.random() * len(names))]
        r = rng.random()
        if urban:
            if r < 0.7:
                return f"Số {rng.randint(1, 400)}, Đường {name}"
            if r < 0.9:  # a house down an alley (hẻm): number/alley
                return f"Số {rng.randint(1, 120)}/{rng.randint(1, 60)}, Đường {name}"
            return f"Số {rng.randint(1, 300)}, Khu vực {rng.randint(1, 9)}"
        if r < 0.6:
            return f"Ấp {name}"
        if r < 0.9:
            return f"Tổ {rng.randint(1, 20)}, Ấp {name}"
        return f"Ấp {rng.randint(1, 12)}"


def default_new_ward(old_ward_code: str) -> str:
    """The 2025 ward an old ward maps to, taking the package's default for split wards.

    Fine for synthetic addresses; cleansing and roll-ups must keep every candidate instead.
    """
    candidates = old_to_new(old_ward_code)
    if not candidates:
        raise KeyError(f"no 2025 ward for legacy ward {old_ward_code}")
    return next((code for code, is_default in candidates if is_default), candidates[0][0])


def ward_code_2025(person) -> str:
    """The 2025-era ward code of a person's residence."""
    return default_new_ward(person.ward_code)


def address_2025(person) -> str:
    """The person's address written in the 2025 structure: street part, new ward, province."""
    street = person.address.removesuffix(", " + legacy_unit_suffix(person.ward_code))
    index = _index(Y2025)
    ward = index[(WARD, ward_code_2025(person))]
    province = index[(PROVINCE, ward.province_code)]
    return f"{street}, {ward.name}, {province.name}"
