"""Vietnamese text machinery: keystroke residue, tone placement, diacritic folding.

Kept private: the public face is `congan.cleansing.normalise`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import bogo
from bogo.validation import is_valid_string

from congan.vntext import fold_marks as fold

# Combining tone marks (dấu thanh). Quality marks (circumflex, breve, horn) are not tones:
# they make different letters (a/â/ă), so they stay on their vowel.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_QUALITY = {"\u0302", "\u0306", "\u031b"}
_VOWELS = set("aeiouy")

_TELEX_RULES = bogo.get_telex_definition()
_VNI_RULES = bogo.get_vni_definition()
# Plain Vietnamese never ends a syllable in s/f/r/x/j nor holds aa/ee/oo/dd/w, so these
# patterns in an ASCII token can only be unconverted Telex keystrokes.
_TELEX_HINT = re.compile(r"(?:[sfrxj]$)|aa|ee|oo|dd|w", re.IGNORECASE)
_VNI_HINT = re.compile(r"^[A-Za-z]+[1-9][A-Za-z1-9]*$")
_TOKEN = re.compile(r"\w+|\W+")


def has_marks(text: str) -> bool:
    return fold(text) != text.lower()


@lru_cache(maxsize=200_000)
def _fix_token(token: str) -> str:
    if not token.isascii() or not token[:1].isalpha():
        return token
    lowered = token.lower()
    if _VNI_HINT.match(token):
        rules = _VNI_RULES
    elif _TELEX_HINT.search(lowered):
        rules = _TELEX_RULES
    else:
        return token
    converted = bogo.process_sequence(lowered, rules=rules)
    # bogo passes through what it cannot read; only accept a real Vietnamese letter change
    # that makes a Vietnamese syllable ('moore' is an English name, not 'mổe').
    if converted.isascii() or any(ch.isdigit() for ch in converted):
        return token
    if not is_valid_string(converted):
        return token
    if token.isupper() and len(token) > 1:
        return converted.upper()
    if token[0].isupper():
        return converted[0].upper() + converted[1:]
    return converted


def fix_keystrokes(text: str) -> str:
    """'Nguyeenx' (Telex) and 'Nguye6n4' (VNI) → 'Nguyễn'; other text unchanged."""
    return "".join(_fix_token(t) for t in _TOKEN.findall(text))


def _split_char(ch: str) -> tuple[str, str]:
    """(letter without tone, tone mark or '')."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in parts if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return base, tone


def _tone_position(bases: list[str]) -> int | None:
    lower = [b.lower() for b in bases]
    plain = [fold(b) for b in lower]
    idx = [i for i, p in enumerate(plain) if p in _VOWELS]
    if not idx:
        return None
    start = idx[0]
    # 'qu' and 'gi' open with a consonant written as a vowel letter.
    opener = plain[start - 1] + plain[start] if start > 0 else ""
    if opener == "qu" or (opener == "gi" and len(idx) > 1):
        idx = idx[1:]
    # The vowel nucleus is the first contiguous run of vowels.
    run = [idx[0]]
    for i in idx[1:]:
        if i == run[-1] + 1:
            run.append(i)
    marked = [i for i in run if any(c in _QUALITY for c in unicodedata.normalize("NFD", lower[i]))]
    if marked:
        return marked[-1]
    closed = run[-1] < len(bases) - 1
    if closed:
        return run[-1]
    if len(run) >= 3:
        return run[1]
    # Open two-vowel syllables take the tone on the first vowel in the canonical form we keep:
    # 'Hòa', 'Khỏe', 'Thủy' rather than 'Hoà', 'Khoẻ', 'Thuỷ' (the GSO lists mix both).
    return run[0]


@lru_cache(maxsize=200_000)
def _canonical_word(word: str) -> str:
    split = [_split_char(c) for c in word]
    tones = [t for _, t in split if t]
    if len(tones) != 1:
        return word
    bases = [b for b, _ in split]
    pos = _tone_position(bases)
    if pos is None:
        return word
    bases[pos] = unicodedata.normalize("NFC", unicodedata.normalize("NFD", bases[pos]) + tones[0])
    return "".join(bases)


def canonical_tones(text: str) -> str:
    """One tone placement for every word: 'Hoà' and 'Hòa' both become 'Hòa'."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_canonical_word(t) if t[0].isalpha() else t for t in _TOKEN.findall(text))


@lru_cache(maxsize=500_000)
def clean_text(text: str) -> str:
    """NFC, keystroke residue converted, one tone placement, single spaces. Case kept."""
    text = unicodedata.normalize("NFC", text)
    text = fix_keystrokes(text)
    text = canonical_tones(text)
    return " ".join(text.split())
