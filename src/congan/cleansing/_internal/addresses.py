"""Free-text addresses → administrative units of either era, offline.

Reads the unit lists through `congan.units` (never the package's geocoding converter). An old
ward that was split keeps every 2025 candidate: the caller compares candidate sets, and
`validate` flags the record, instead of silently picking the first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from congan.units import (
    DISTRICT,
    LEGACY,
    PROVINCE,
    Y2025,
    load_units,
    old_to_new,
    province_successor,
)

from .text import clean_text, fold

_TYPES = {
    "thanh pho": "Thành phố",
    "thi tran": "Thị trấn",
    "thi xa": "Thị xã",
    "phuong": "Phường",
    "quan": "Quận",
    "huyen": "Huyện",
    "tinh": "Tỉnh",
    "xa": "Xã",
}
_TYPE_PREFIX = re.compile(r"^(thanh pho|thi tran|thi xa|phuong|quan|huyen|tinh|xa)\b\s*")
# Abbreviations as clerks write them; order matters (TP before T…, TX/TT before X.).
_ABBREVIATIONS = [
    (re.compile(r"\btp\b\.?\s*"), "thanh pho "),
    (re.compile(r"\btx\b\.?\s*"), "thi xa "),
    (re.compile(r"\btt\b\.?\s*"), "thi tran "),
    (re.compile(r"\b[pf]\b\.?\s*(?=\w)"), "phuong "),
    (re.compile(r"\bq\b\.?\s*(?=\w)"), "quan "),
    (re.compile(r"\bh\b\.?\s*(?=\w)"), "huyen "),
    (re.compile(r"\bx\b\.?\s*(?=\w)"), "xa "),
    (re.compile(r"\bt\b\.\s*(?=\w)"), "tinh "),
    (re.compile(r"\bp(?=\d)"), "phuong "),
    (re.compile(r"\bq(?=\d)"), "quan "),
    (re.compile(r"\bhcm\b"), "ho chi minh"),
]
_UNIT_WORDS = "thanh pho|thi tran|thi xa|phuong|quan|huyen|tinh|xa"
_KEYWORD_SPLIT = re.compile(rf"\s(?=(?:{_UNIT_WORDS})\s)")
#: A normalised part holding a unit keyword after a space: units written without commas.
UNIT_KEYWORD = rf"\s(?:{_UNIT_WORDS})\s"
# Words of the detail that carry no identity ('số nhà', 'đường'), and punctuation. Twice, as
# Python's re and as Arrow's RE2 (where \w is ASCII only) spell it.
_DETAIL_NOISE = re.compile(r"\b(?:so nha|so|duong|d)\b\.?|[^\w\s/]")
_DETAIL_NOISE_RE2 = r"\b(?:so nha|so|duong|d)\b\.?|[^\p{L}\p{N}_\s/]"


@dataclass(frozen=True)
class ParsedAddress:
    era: str | None  # 'legacy' | '2025' | None when no unit was recognised
    province_code: str | None
    district_code: str | None  # legacy only
    ward_code: str | None  # in `era`
    ward_codes_2025: tuple[str, ...]  # every 2025 ward the address can mean
    detail: str  # folded house number and street, for comparison
    split_ward: bool = False  # an old ward split between several new ones


def _name_key(name: str) -> str:
    """'Phường 05' → '5', 'Phường An Hòa' → 'an hoa'."""
    key = _TYPE_PREFIX.sub("", fold(clean_text(name)))
    key = re.sub(r"\b0+(\d)", r"\1", key)
    return " ".join(key.split())


def _type_key(text: str) -> str | None:
    m = _TYPE_PREFIX.match(text)
    return m.group(1) if m else None


class _Index:
    def __init__(self) -> None:
        self.provinces: dict[str, dict[str, str]] = {LEGACY: {}, Y2025: {}}
        self.districts: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        self.legacy_wards: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        self.new_wards: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for era in (LEGACY, Y2025):
            for u in load_units(era):
                key = _name_key(u.name)
                type_key = _type_key(fold(u.name))
                if u.level == PROVINCE:
                    self.provinces[era][key] = u.code
                elif u.level == DISTRICT:
                    self.districts[(u.province_code, key)].append((u.code, type_key))
                elif era == LEGACY:
                    self.legacy_wards[(u.parent_code, key)].append((u.code, type_key))
                    self.legacy_wards[(u.province_code, key)].append((u.code, type_key))
                else:
                    self.new_wards[(u.province_code, key)].append((u.code, type_key))
        self.provinces[LEGACY]["ho chi minh"] = self.provinces[LEGACY].get("ho chi minh", "79")
        self.provinces[Y2025]["ho chi minh"] = self.provinces[Y2025].get("ho chi minh", "79")


@cache
def _index() -> _Index:
    return _Index()


def _pick(candidates: list[tuple[str, str]], type_key: str | None) -> list[str]:
    # A part written with its type ('Phường Ninh Kiều') cannot be a unit of another type
    # ('Quận Ninh Kiều'): that is how 2025 addresses are told from old ones.
    if type_key:
        return [c for c, t in candidates if t == type_key]
    return [c for c, _ in candidates]


@lru_cache(maxsize=100_000)
def normalise_part(raw: str) -> str:
    """One comma part, folded, keystrokes fixed and abbreviations spelled out: 'P. 5' → 'phuong 5'."""
    text = fold(clean_text(raw))
    for pattern, repl in _ABBREVIATIONS:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


PART_SEPARATORS = r"[,;]|\s-\s"
_SEPARATOR = re.compile(PART_SEPARATORS)


def split_parts(text: str) -> list[str]:
    # Unit parts ('Phường An Hòa') repeat across millions of addresses: normalise each part
    # once (cached) rather than each whole address.
    parts = [p for p in map(normalise_part, _SEPARATOR.split(text)) if p]
    if len(parts) == 1:
        parts = [p.strip() for p in _KEYWORD_SPLIT.split(parts[0]) if p.strip()]
    return parts


def detail(parts: list[str]) -> str:
    """House number and street as compared: folded, noise words and punctuation dropped."""
    return " ".join(_DETAIL_NOISE.sub(" ", " ".join(parts)).split())


def detail_array(joined):
    """`detail` over an Arrow array of detail parts already joined with spaces."""
    import pyarrow.compute as pc

    text = pc.replace_substring_regex(joined, _DETAIL_NOISE_RE2, " ")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(text, r"\s+", " "))


def _new_candidates(old_code: str) -> tuple[tuple[str, ...], bool]:
    cands = sorted({code for code, _ in old_to_new(old_code)})
    return tuple(cands), len(cands) > 1


@dataclass(frozen=True)
class Units:
    """What the unit parts at the end of an address name, and how many parts they took."""

    era: str | None
    province_code: str | None
    district_code: str | None
    ward_code: str | None
    ward_codes_2025: tuple[str, ...]
    split_ward: bool
    used: int  # parts at the end of the address that named units (the rest is detail)


#: Parts that can name units: ward, district, province.
UNIT_PARTS = 3


@cache
def _successors(provinces: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(province_successor(p) or p for p in provinces))


@lru_cache(maxsize=100_000)
def read_units(tail: tuple[str, ...], provinces: tuple[str, ...] = ()) -> Units:
    """Units named by the last `UNIT_PARTS` normalised parts of an address (`split_parts`).

    `provinces` (legacy GSO codes) are assumed when the address names no province: the
    area the records come from. Without them such an address names no unit.
    """
    idx = _index()
    tail = tail[-UNIT_PARTS:]
    nothing = Units(None, None, None, None, (), False, 0)
    if not tail:
        return nothing

    # Province: the last part naming one; else the assumed provinces.
    province_era, province_code, end = None, None, len(tail)
    last_key = _name_key(tail[-1])
    for era in (Y2025, LEGACY):
        if last_key in idx.provinces[era]:
            province_code, end = idx.provinces[era][last_key], len(tail) - 1
            # A province that no longer exists (Hậu Giang, Sóc Trăng) dates the address.
            if last_key not in idx.provinces[Y2025]:
                province_era = LEGACY
            break
    provinces = (province_code,) if province_code else provinces
    body = tail[:end]
    used = len(tail) - end
    if not body:
        return Units(province_era, province_code, None, None, (), False, used)

    # Legacy shape: …, ward, district, province.
    if len(body) >= 2:
        d_type = _type_key(body[-1])
        d_key = _name_key(body[-1])
        for pc in provinces:
            districts = _pick(idx.districts.get((pc, d_key), []), d_type)
            for dc in districts:
                w_type = _type_key(body[-2])
                wards = _pick(idx.legacy_wards.get((dc, _name_key(body[-2])), []), w_type)
                if len(wards) == 1:
                    new, split = _new_candidates(wards[0])
                    return Units(LEGACY, pc, dc, wards[0], new, split, used + 2)
            if len(districts) == 1:
                # District known, ward unreadable: still an old-structure address.
                return Units(LEGACY, pc, districts[0], None, (), False, used + 1)

    # 2025 shape: …, ward, province (unless the province itself is gone).
    w_type, w_key = _type_key(body[-1]), _name_key(body[-1])
    if province_era != LEGACY:
        found = [
            (pc, code)
            for pc in _successors(provinces)
            for code in _pick(idx.new_wards.get((pc, w_key), []), w_type)
        ]
        if len(found) == 1:
            pc, code = found[0]
            return Units(Y2025, pc, None, code, (code,), False, used + 1)

    # An old ward written without its district: accept it when the name is unique.
    found = [
        (pc, code)
        for pc in provinces
        for code in _pick(idx.legacy_wards.get((pc, w_key), []), w_type)
    ]
    if len({c for _, c in found}) == 1:
        pc, code = found[0]
        new, split = _new_candidates(code)
        return Units(LEGACY, pc, None, code, new, split, used + 1)
    return Units(province_era, province_code, None, None, (), False, used)


@lru_cache(maxsize=300_000)
def parse_address(text: str, provinces: tuple[str, ...] = ()) -> ParsedAddress:
    """Units and detail of one address; `provinces` as in `read_units`."""
    parts = split_parts(text)
    units = read_units(tuple(parts[-UNIT_PARTS:]), provinces)
    return ParsedAddress(
        units.era,
        units.province_code,
        units.district_code,
        units.ward_code,
        units.ward_codes_2025,
        detail(parts[: len(parts) - units.used]),
        units.split_ward,
    )
