"""Vietnamese text machinery: keystroke residue, tone placement, diacritic folding.

Kept private: the public face is `congan.cleansing.normalise`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bogo.validation import is_valid_string

from congan.vntext import fold_marks as fold

# Combining tone marks (dấu thanh). Quality marks (circumflex, breve, horn) are not tones:
# they make different letters (a/â/ă), so they stay on their vowel.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_QUALITY = {"\u0302", "\u0306", "\u031b"}
_VOWELS = set("aeiouy")

# Keystrokes an input method turns into letters: (Telex, VNI) pairs → letter. Telex's lone
# 'w' (after no vowel it modifies) is 'ư'.
_QUALITY_KEYS = {
    "telex": (("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"), ("ow", "ơ"), ("uw", "ư"),
              ("dd", "đ"), ("w", "ư")),
    "vni": (("a6", "â"), ("a8", "ă"), ("e6", "ê"), ("o6", "ô"), ("o7", "ơ"), ("u7", "ư"),
            ("d9", "đ")),
}  # fmt: skip
_TONE_KEYS = {
    "telex": {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"},
    "vni": {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"},
}
_FINALS = set("cmnpthg")  # letters of the final consonants c, ch, m, n, ng, nh, p, t
# Plain Vietnamese never ends a syllable in s/f/r/x/j nor holds aa/ee/oo/dd/w, so these
# patterns in an ASCII token can only be unconverted Telex keystrokes.
_TELEX_HINT = re.compile(r"(?:[sfrxj]$)|aa|ee|oo|dd|w", re.IGNORECASE)
_VNI_HINT = re.compile(r"^[A-Za-z]+[1-9][A-Za-z1-9]*$")
_TOKEN = re.compile(r"\w+|\W+")


def has_marks(text: str) -> bool:
    return fold(text) != text.lower()


def _tone_key(word: str, keys: dict[str, str]) -> tuple[str, str]:
    """(word without its tone key, the tone mark or ''). The key follows the vowels: last,
    or before the final consonants only ('Nguyeexn')."""
    for i in range(len(word) - 1, 0, -1):
        ch = word[i]
        if ch in keys and any(c in _VOWELS for c in fold(word[:i])):
            return word[:i] + word[i + 1 :], keys[ch]
        if ch not in _FINALS:
            break
    return word, ""


def _decode(lowered: str, method: str) -> str:
    """What the input method would have typed: letters with their marks, tone canonical."""
    base, tone = _tone_key(lowered, _TONE_KEYS[method])
    for keys, letter in _QUALITY_KEYS[method]:
        base = base.replace(keys, letter)
    if method == "vni":  # a tone digit typed mid-word
        for digit, mark in _TONE_KEYS["vni"].items():
            if digit in base:
                base, tone = base.replace(digit, "", 1), mark
    if not tone:
        return base
    first_vowel = next((i for i, c in enumerate(base) if fold(c) in _VOWELS), None)
    if first_vowel is None:
        return lowered
    marked = base[: first_vowel + 1] + tone + base[first_vowel + 1 :]
    return _canonical_word(unicodedata.normalize("NFC", marked))


@lru_cache(maxsize=200_000)
def _fix_token(token: str) -> str:
    if not token.isascii() or not token[:1].isalpha():
        return token
    lowered = token.lower()
    if _VNI_HINT.match(token):
        method = "vni"
    elif _TELEX_HINT.search(lowered):
        method = "telex"
    else:
        return token
    converted = _decode(lowered, method)
    # Only accept a real Vietnamese letter change that makes a Vietnamese syllable ('moore'
    # is an English name, not 'mổe').
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
