"""Vietnamese text keys shared by search, matching and synthetic data: NFC storage and
diacritic-free keys. Pure Python: the cleansing engine uses it too."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(text: str | None) -> str:
    """Stored form of any Vietnamese text: NFC, trimmed, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def strip_marks(text: str) -> str:
    """Diacritics removed, case kept, đ → d: 'Nguyễn Đức' → 'Nguyen Duc'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _fold_table() -> dict[int, str]:
    # Every precomposed Latin letter with marks → its bare letter; a translate() over NFC text
    # is many times faster than decomposing each string.
    table = {}
    for code in range(0x00C0, 0x1F00):
        ch = chr(code)
        bare = strip_marks(ch)
        if bare != ch and bare.isascii() and bare.isalpha():
            table[code] = bare
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=200_000)
def fold_marks(text: str) -> str:
    """Lower-case, diacritics removed, đ → d, spacing untouched: the key two spellings share."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    if not folded.isascii():  # stray combining marks or other scripts: the slow, sure way
        folded = strip_marks(folded)
    return folded.lower()


def fold(text: str | None) -> str:
    """Search key of a name: 'Nguyễn  Thị Hòa' → 'nguyen thi hoa' (single spaces, trimmed)."""
    return _SPACES.sub(" ", fold_marks(text or "")).strip()
