"""Normalisers: raw field text → the keys records are compared on.

The original strings are never overwritten: these functions return new values, and the linking
table carries them beside the input. Everything here is offline and pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from congan import idnumbers

from ._internal.addresses import ParsedAddress, parse_address
from ._internal.text import canonical_tones, clean_text, fix_keystrokes, fold, has_marks

__all__ = [
    "FEATURE_COLUMNS",
    "NameParts",
    "ParsedAddress",
    "PartialDate",
    "canonical_tones",
    "clean_text",
    "fix_keystrokes",
    "fold",
    "normalise_id",
    "normalise_record",
    "normalise_records",
    "normalise_sex",
    "parse_address",
    "parse_date",
    "province_of",
    "split_name",
]

# Middle names so common they carry no identity, and that clerks drop ('Nguyễn Lan' for
# 'Nguyễn Thị Lan'): left out of the comparison key.
_FILLER_MIDDLES = {"thi", "van"}


@dataclass(frozen=True)
class NameParts:
    surname: str
    middle: str  # as written, may be ''
    given: str
    middle_core: str  # middle without 'Thị'/'Văn'

    @property
    def surname_key(self) -> str:
        return fold(self.surname)

    @property
    def middle_key(self) -> str:
        return fold(self.middle_core)

    @property
    def given_key(self) -> str:
        return fold(self.given)

    @property
    def core(self) -> str:
        """Lower-case accented name without filler middles: compared when both are accented."""
        return " ".join(p for p in (self.surname, self.middle_core, self.given) if p).lower()


@lru_cache(maxsize=300_000)
def split_name(full_name: str) -> NameParts | None:
    """'NGUYEENX THIJ HOAF' → NameParts('Nguyễn', 'Thị', 'Hòa', '')."""
    words = [w.capitalize() for w in re.split(r"[\s.,]+", clean_text(full_name)) if w]
    if not words:
        return None
    if len(words) == 1:
        return NameParts("", "", words[0], "")
    middle = words[1:-1]
    core = [w for w in middle if fold(w) not in _FILLER_MIDDLES]
    return NameParts(words[0], " ".join(middle), words[-1], " ".join(core))


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    finding: str | None = None  # e.g. the source date was impossible as written

    @property
    def iso(self) -> str | None:
        if self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _full_year(yy: int, today: date) -> int:
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_MY = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_Y = re.compile(r"^(\d{4})$")
_WORDS = re.compile(r"^ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")


@lru_cache(maxsize=100_000)
def parse_date(text: str, today: date | None = None) -> PartialDate | None:
    """Dates as sources write them: dd/mm/yyyy, yyyy-mm-dd, mm/yyyy, yyyy, d/m/yy, 'ngày … năm …'.

    Vietnamese sources write day first. A dd/mm that cannot be a date but works as mm/dd is
    read swapped (with a finding); an impossible date keeps its year only.
    """
    text = fold(str(text).strip())
    if not text:
        return None
    today = today or date.today()
    if m := _YMD.match(text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _DMY.match(text) or _WORDS.match(text):
        d, mo, y = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            y = _full_year(y, today)
    elif m := _MY.match(text):
        mo, y = int(m.group(1)), int(m.group(2))
        return PartialDate(y, mo if 1 <= mo <= 12 else None)
    elif m := _Y.match(text):
        return PartialDate(int(m.group(1)))
    else:
        return None
    if _valid(y, mo, d):
        return PartialDate(y, mo, d)
    if _valid(y, d, mo):
        return PartialDate(y, d, mo, finding="day_month_swapped")
    return PartialDate(y, finding=f"impossible_date: {text}")


_SEX = {
    "nam": "Nam", "m": "Nam", "male": "Nam", "trai": "Nam",
    "nu": "Nữ", "f": "Nữ", "female": "Nữ", "gai": "Nữ",
}  # fmt: skip


@lru_cache(maxsize=1_000)
def normalise_sex(text: str) -> str | None:
    """'Nam', 'nam', 'M' → 'Nam'; 'Nữ', 'nu', 'NỮ', 'F' → 'Nữ'; anything else → None."""
    return _SEX.get(fold(clean_text(str(text))).strip(" ."))


def normalise_id(text: str) -> idnumbers.IdCheck:
    """Separators dropped and a lost leading zero restored, then checked."""
    digits, _ = idnumbers.repair(text)
    return idnumbers.check_id(digits)


def province_of(text: str, provinces: tuple[str, ...] = ()) -> str | None:
    """Province code named by a hometown or address ('Cần Thơ', 'Xã X, Huyện Y, Tỉnh Z')."""
    return parse_address(text, provinces).province_code if text else None


# The columns `normalise_records` adds: the linking model compares these.
FEATURE_COLUMNS = (
    "record_id", "source", "name_core", "name_marked", "surname_key", "middle_key",
    "given_key", "given_acc", "dob", "dob_year", "dob_month", "dob_day", "sex", "cccd", "cmnd",
    "ward_codes", "ward_block", "address_detail", "father_key", "mother_key", "hometown_code",
    "hometown_ward",
)  # fmt: skip


def _parent_key(text: str) -> str | None:
    parts = split_name(text) if text else None
    if parts is None:
        return None
    return fold(" ".join(p for p in (parts.surname, parts.middle_core, parts.given) if p))


def normalise_record(
    row: Mapping[str, object], provinces: tuple[str, ...] = ()
) -> dict[str, object]:
    """One input row (cleansing contract) → its comparison features.

    `provinces` (legacy GSO codes): the area the records come from, assumed for an address
    that names no province (`parse_address`).
    """

    def get(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value).strip()

    name = split_name(get("full_name")) if get("full_name") else None
    dob = parse_date(get("date_of_birth")) if get("date_of_birth") else None
    sex = normalise_sex(get("sex")) if get("sex") else None
    ident = normalise_id(get("id_number")) if get("id_number") else None
    cccd = ident.number if ident and ident.kind == idnumbers.CCCD else None
    cmnd = ident.number if ident and ident.kind == idnumbers.CMND else None
    # A CCCD states the birth year and sex: use them where the source left those out.
    if ident and ident.cccd:
        if dob is None:
            dob = PartialDate(ident.cccd.birth_year)
        sex = sex or ident.cccd.sex
    address = parse_address(get("address"), provinces) if get("address") else None
    wards = list(address.ward_codes_2025) if address else []
    hometown = parse_address(get("hometown"), provinces) if get("hometown") else None
    return {
        "record_id": get("record_id"),
        "source": get("source") or None,
        "name_core": name.core if name else None,
        "name_marked": bool(name and has_marks(name.core)),
        "surname_key": (name.surname_key or None) if name else None,
        "middle_key": (name.middle_key or None) if name else None,
        "given_key": name.given_key if name else None,
        "given_acc": name.given.lower() if name else None,
        "dob": dob.iso if dob else None,
        "dob_year": dob.year if dob else None,
        "dob_month": dob.month if dob else None,
        "dob_day": dob.day if dob else None,
        "sex": sex,
        "cccd": cccd,
        "cmnd": cmnd,
        "ward_codes": wards or None,
        "ward_block": wards[0] if wards else None,
        "address_detail": (address.detail or None) if address else None,
        "father_key": _parent_key(get("father_name")),
        "mother_key": _parent_key(get("mother_name")),
        "hometown_code": hometown.province_code if hometown else None,
        "hometown_ward": hometown.ward_codes_2025[0]
        if hometown and hometown.ward_codes_2025
        else None,
    }


def normalise_records(
    rows: Iterable[Mapping[str, object]], provinces: tuple[str, ...] = ()
) -> list[dict[str, object]]:
    return [normalise_record(r, provinces) for r in rows]
