"""Normalisers: raw field text → the keys records are compared on.

The original strings are never overwritten: these functions return new values, and the linking
table carries them beside the input. Everything here is offline and pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from congan import idnumbers

from ._internal.addresses import ParsedAddress, parse_address
from ._internal.text import canonical_tones, clean_text, fix_keystrokes, fold

__all__ = [
    "FILLER_MIDDLES",
    "NAME_SEPARATORS",
    "NameParts",
    "ParsedAddress",
    "PartialDate",
    "canonical_tones",
    "clean_text",
    "clean_word",
    "fix_keystrokes",
    "fold",
    "normalise_id",
    "normalise_sex",
    "parse_address",
    "parse_date",
    "province_of",
    "split_name",
]

#: Middle names so common they carry no identity, and that clerks drop ('Nguyễn Lan' for
#: 'Nguyễn Thị Lan'): left out of the comparison key.
FILLER_MIDDLES = frozenset({"thi", "van"})
#: What separates the words of a name.
NAME_SEPARATORS = r"[\s.,]+"


@lru_cache(maxsize=200_000)
def clean_word(word: str) -> str:
    """One word of a name as compared: cleaned (`clean_text`) and capitalised."""
    return clean_text(word).capitalize()


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
    words = [clean_word(w) for w in re.split(NAME_SEPARATORS, full_name) if w]
    if not words:
        return None
    if len(words) == 1:
        return NameParts("", "", words[0], "")
    middle = words[1:-1]
    core = [w for w in middle if fold(w) not in FILLER_MIDDLES]
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
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WORDS = re.compile(r"^ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")


@lru_cache(maxsize=100_000)
def parse_date(text: str, today: date | None = None) -> PartialDate | None:
    """Dates as sources write them: dd/mm/yyyy, yyyy-mm-dd, yyyymmdd, mm/yyyy, yyyy, d/m/yy,
    'ngày … năm …'.

    Vietnamese sources write day first. A dd/mm that cannot be a date but works as mm/dd is
    read swapped (with a finding); an impossible date keeps its year only.
    """
    text = fold(str(text).strip())
    if not text:
        return None
    today = today or date.today()
    if m := _YMD.match(text) or _COMPACT.match(text):
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
