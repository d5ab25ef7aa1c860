"""Vietnam's administrative units in both structures, read offline from `vietnamadminunits`.

Before 1 July 2025 ("legacy"): province → district → ward/commune.
Since 1 July 2025 ("2025"): province → ward/commune.

A unit is (code, era), never a bare code: ward codes were reused across the reform
(31135 was Phường Tân An before and is Phường Ninh Kiều after).

Pure Python, no Django: the org app loads these into the database, cleansing and synth
read them directly. The package's own converter geocodes split wards over the network;
we never call it and instead keep every candidate of a split ward.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

LEGACY = "legacy"
Y2025 = "2025"
ERAS = (LEGACY, Y2025)

#: The first day of the two-level structure (Resolution 202/2025/QH15).
REFORM_DATE = date(2025, 7, 1)

PROVINCE = "province"
DISTRICT = "district"
WARD = "ward"


@dataclass(frozen=True)
class Unit:
    code: str
    era: str
    level: str
    name: str
    short_name: str
    type: str
    parent_code: str | None
    province_code: str
    key: str


def era_on(day: date) -> str:
    """The structure valid on a given day."""
    return Y2025 if day >= REFORM_DATE else LEGACY


def _data_path(name: str):
    return resources.files("vietnamadminunits").joinpath("data", name)


@cache
def _rows(table: str) -> tuple[dict, ...]:
    with resources.as_file(_data_path("dataset.db")) as path:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            return tuple(dict(r) for r in conn.execute(f"SELECT * FROM [{table}]"))  # noqa: S608
        finally:
            conn.close()


def _province_type(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


@cache
def _all_units(era: str) -> tuple[Unit, ...]:
    if era not in ERAS:
        raise ValueError(f"unknown era {era!r}; expected one of {ERAS}")
    table = "admin_units_legacy" if era == LEGACY else "admin_units"
    units: dict[tuple[str, str], Unit] = {}
    for r in _rows(table):
        pc = r["provinceCode"]
        units.setdefault(
            (PROVINCE, pc),
            Unit(pc, era, PROVINCE, r["province"], r["provinceShort"], _province_type(r["province"]),
                 None, pc, r["provinceShortKey"]),
        )
        parent = pc
        if era == LEGACY:
            dc = r["districtCode"]
            units.setdefault(
                (DISTRICT, dc),
                Unit(dc, era, DISTRICT, r["district"], r["districtShort"], r["districtType"],
                     pc, pc, r["districtKey"]),
            )
            parent = dc
        wc = r["wardCode"]
        if wc:  # island districts have no wards
            units.setdefault(
                (WARD, wc),
                Unit(wc, era, WARD, r["ward"], r["wardShort"], r["wardType"], parent, pc, r["wardKey"]),
            )
    order = {PROVINCE: 0, DISTRICT: 1, WARD: 2}
    return tuple(sorted(units.values(), key=lambda u: (order[u.level], u.code)))


def load_units(era: str, province_codes=None) -> list[Unit]:
    """All units of one era, provinces first, then districts, then wards, by code."""
    wanted = set(province_codes) if province_codes else None
    return [u for u in _all_units(era) if wanted is None or u.province_code in wanted]


@cache
def _by_code(era: str) -> dict[tuple[str, str], Unit]:
    return {(u.level, u.code): u for u in _all_units(era)}


def get_unit(code: str, era: str, level: str | None = None) -> Unit | None:
    """A unit by code within an era; codes are unique per level, so pass level when it matters."""
    index = _by_code(era)
    levels = (level,) if level else (WARD, DISTRICT, PROVINCE)
    for lv in levels:
        unit = index.get((lv, code))
        if unit:
            return unit
    return None


@cache
def _legacy_ward_by_path() -> dict[str, str]:
    """'provinceKey_districtKey_wardKey' → legacy ward code (the converter's key format)."""
    return {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"]
        for r in _rows("admin_units_legacy")
        if r["wardCode"]
    }


@cache
def _new_ward_by_key() -> dict[tuple[str, str], str]:
    return {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in _rows("admin_units")}


@cache
def _mapping() -> dict[str, tuple[tuple[str, bool], ...]]:
    with resources.as_file(_data_path("converter_2025.json")) as path:
        data = json.loads(path.read_text(encoding="utf-8"))
    legacy = _legacy_ward_by_path()
    new = _new_ward_by_key()
    out: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_paths in wards.items():
            new_code = new[(province_key, new_key)]
            for path in old_paths:
                if path in legacy:
                    out[legacy[path]].append((new_code, True))
    for province_key, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for path, candidates in olds.items():
            if path not in legacy:
                continue
            for c in candidates:
                out[legacy[path]].append((new[(province_key, c["newWardKey"])], bool(c["isDefaultNewWard"])))
    return {k: tuple(v) for k, v in out.items()}


def old_to_new(old_ward_code: str) -> list[tuple[str, bool]]:
    """The 2025 wards an old ward became, with the package's default flag.

    More than one candidate where the old ward was split between new wards: callers decide by
    address detail or flag the record; they must not silently take the first.
    """
    return list(_mapping().get(old_ward_code, ()))


def new_to_old(new_ward_code: str) -> list[str]:
    """The old wards (in whole or in part) that form a 2025 ward."""
    return sorted(old for old, cands in _mapping().items() if any(c == new_ward_code for c, _ in cands))


def province_successor(old_province_code: str) -> str | None:
    """The 2025 province an old province belongs to (e.g. Hậu Giang 93 → Cần Thơ 92)."""
    for old_ward in (u for u in _all_units(LEGACY) if u.level == WARD and u.province_code == old_province_code):
        cands = old_to_new(old_ward.code)
        if cands:
            unit = get_unit(cands[0][0], Y2025, WARD)
            return unit.province_code if unit else None
    return None


@cache
def legacy_provinces_of(province_2025: str) -> tuple[str, ...]:
    """The old provinces that form a 2025 province: Cần Thơ 92 ← 92, 93 (Hậu Giang), 94."""
    return tuple(
        u.code
        for u in _all_units(LEGACY)
        if u.level == PROVINCE and province_successor(u.code) == province_2025
    )
