"""Labelled benchmark records for the cleansing engine: synthetic people seen through noisy sources.

Each person appears in one to three sources ('household_book', 'cmnd', 'cccd_application'),
each written the way that source tends to write: missing diacritics, NFD, unconverted
Telex/VNI keystrokes, upper case, old tone placement, a dropped 'Thị', typos, dates as
dd/mm/yyyy, d/m/yy, mm/yyyy or a year alone, day and month swapped, old or 2025 addresses with
abbreviations, missing fields, CMND or CCCD numbers. Rows follow the cleansing input contract
plus `true_person`. Siblings and twins come from the population generator as distinct people,
so a correct engine keeps them apart. Personal data here is synthetic only.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator

from congan.vntext import strip_marks

from .addresses import address_2025
from .population import Person, generate_people

SOURCES = ("household_book", "cmnd", "cccd_application")
COLUMNS = (
    "record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
    "address", "father_name", "mother_name",
)  # fmt: skip

_TONE_KEYS_TELEX = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_TONE_KEYS_VNI = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_QUALITY_TELEX = {"â": "aa", "ê": "ee", "ô": "oo", "ă": "aw", "ơ": "ow", "ư": "uw", "đ": "dd"}
_QUALITY_VNI = {"â": "a6", "ê": "e6", "ô": "o6", "ă": "a8", "ơ": "o7", "ư": "u7", "đ": "d9"}
_TONES = set(_TONE_KEYS_TELEX)
_ABBREVIATIONS = [
    ("Thành phố ", ("TP ", "TP.", "Tp. ")),
    ("Phường ", ("P. ", "P.", "F. ")),
    ("Quận ", ("Q. ", "Q.")),
    ("Huyện ", ("H. ", "H.")),
    ("Thị xã ", ("TX ", "TX.")),
    ("Thị trấn ", ("TT ", "TT.")),
    ("Xã ", ("X. ",)),
    ("Tỉnh ", ("T. ", "")),
]
_WORD = re.compile(r"[^\W\d_]+")
_OLD_TONE = re.compile(r"([oOuU])([\u0300\u0301\u0309\u0303\u0323])([aAeEyY])\b")


def _keystrokes(word: str, quality: dict[str, str], tones: dict[str, str]) -> str:
    tone = ""
    out = []
    for ch in word:
        parts = unicodedata.normalize("NFD", ch)
        tone = next((tones[c] for c in parts if c in _TONES), tone)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        key = quality.get(base.lower(), base)
        out.append(key.capitalize() if base.isupper() else key)
    return "".join(out) + tone


def telex(text: str) -> str:
    """'Nguyễn' → 'Nguyeenx': what a keyboard without a Vietnamese input method leaves."""
    return _WORD.sub(lambda m: _keystrokes(m.group(), _QUALITY_TELEX, _TONE_KEYS_TELEX), text)


def vni(text: str) -> str:
    """'Nguyễn' → 'Nguye6n4'."""
    return _WORD.sub(lambda m: _keystrokes(m.group(), _QUALITY_VNI, _TONE_KEYS_VNI), text)


def old_tones(text: str) -> str:
    """'Hòa' → 'Hoà', 'Thủy' → 'Thuỷ': the older tone placement."""
    nfd = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), nfd)
    return unicodedata.normalize("NFC", moved)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.4:  # substitution with a neighbour-ish letter
        return word[:i] + rng.choice("aeinothmgu") + word[i + 1 :]
    if kind < 0.7 and i < len(word) - 1:  # transposition
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]  # deletion


class _Noise:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def text_style(self, text: str, *, upper: float) -> str:
        """Script-level damage shared by names and addresses in one record."""
        if not text:
            return text
        r = self.rng.random()
        if r < 0.15:
            text = strip_marks(text)
        elif r < 0.19:
            text = telex(text)
        elif r < 0.21:
            text = vni(text)
        elif r < 0.31:
            text = unicodedata.normalize("NFD", text)
        elif r < 0.51:
            text = old_tones(text)
        if self.chance(upper):
            text = text.upper()
        return text

    def name(self, p: Person, *, upper: float) -> str:
        words = [p.surname, *p.middle_name.split(), p.given_name]
        if p.middle_name.split()[:1] == ["Thị"] and self.chance(0.3):
            words.remove("Thị")
        if self.chance(0.04):
            i = self.rng.randrange(len(words))
            words[i] = _typo(self.rng, words[i])
        return self.text_style(" ".join(words), upper=upper)

    def date(self, p: Person, *, iso: float) -> str:
        d = p.date_of_birth
        r = self.rng.random()
        if r < 0.02:
            return ""
        if r < 0.06:
            return str(d.year)
        if r < 0.08:
            return f"{d.month:02d}/{d.year}"
        day, month = d.day, d.month
        if d.day <= 12 and self.chance(0.03):
            day, month = month, day
        if self.chance(0.01):
            day = min(28, max(1, day + self.rng.choice((-1, 1))))
        if self.chance(iso):
            return f"{d.year}-{month:02d}-{day:02d}"
        if self.chance(0.06):
            return f"{day}/{month}/{d.year % 100:02d}"
        if self.chance(0.3):
            return f"{day}/{month}/{d.year}"
        return f"{day:02d}/{month:02d}/{d.year}"

    def sex(self, p: Person) -> str:
        if self.chance(0.03):
            return ""
        codes = ("Nam", "nam", "NAM", "M") if p.sex == "Nam" else ("Nữ", "nữ", "nu", "NỮ", "F")
        return self.rng.choice(codes)

    def id_number(self, number: str) -> str:
        if not number or self.chance(0.03):
            return ""
        if self.chance(0.01):
            i = self.rng.randrange(len(number))
            number = number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]
        if number.startswith("0") and self.chance(0.03):
            return number[1:]
        if self.chance(0.05):
            return " ".join(number[i : i + 3] for i in range(0, len(number), 3))
        return number

    def address(self, p: Person, *, new: float, upper: float) -> str:
        if self.chance(0.03):
            return ""
        text = address_2025(p) if self.chance(new) else p.address
        if self.chance(0.3):
            for full, shorts in _ABBREVIATIONS:
                text = text.replace(full, self.rng.choice(shorts))
        return self.text_style(text, upper=upper)

    def parent(self, name: str, *, missing: float) -> str:
        if not name or self.chance(missing):
            return ""
        return self.text_style(name, upper=0.1)

    def hometown(self, p: Person) -> str:
        r = self.rng.random()
        if r < 0.1:
            return ""
        text = p.hometown
        if r < 0.4:
            text = text.split(", ")[-1]
        return self.text_style(text, upper=0.1)


def _record(noise: _Noise, p: Person, source: str) -> dict[str, str]:
    upper = 0.4 if source == "cmnd" else 0.1
    if source == "cmnd":
        number = p.old_id_number
    elif source == "cccd_application":
        number = p.id_number
    else:  # a household book carries whichever card the person had when it was written
        number = p.id_number if p.id_number and noise.chance(0.6) else p.old_id_number
    parents_missing = 0.7 if source == "cmnd" else 0.15
    return {
        "source": source,
        "full_name": noise.name(p, upper=upper),
        "date_of_birth": noise.date(p, iso=0.5 if source == "cccd_application" else 0.05),
        "sex": noise.sex(p),
        "id_number": noise.id_number(number),
        "hometown": noise.hometown(p),
        "address": noise.address(p, new=0.7 if source == "cccd_application" else 0.15, upper=upper),
        "father_name": noise.parent(p.father_name, missing=parents_missing),
        "mother_name": noise.parent(p.mother_name, missing=parents_missing),
    }


def _sources_for(noise: _Noise, p: Person) -> list[str]:
    eligible = ["household_book"]
    if p.old_id_number:
        eligible.append("cmnd")
    if p.id_number:
        eligible.append("cccd_application")
    k = noise.rng.choices((1, 2, 3), weights=(0.3, 0.45, 0.25))[0]
    return noise.rng.sample(eligible, min(k, len(eligible)))


def generate_noisy_records(
    n_records: int, *, seed: int = 0, province_codes=("92", "93", "94")
) -> list[dict[str, str]]:
    """About n_records rows (cleansing contract + `true_person`), shuffled, ids R00000001…"""
    noise = _Noise(seed)
    rows: list[dict[str, str]] = []
    for person in generate_people(n_records, seed=seed, province_codes=province_codes):
        for source in _sources_for(noise, person):
            row = _record(noise, person, source)
            row["true_person"] = person.person_key
            rows.append(row)
        if len(rows) >= n_records:
            break
    rows = rows[:n_records]
    noise.rng.shuffle(rows)
    for i, row in enumerate(rows, 1):
        row["record_id"] = f"R{i:08d}"
    return rows


def registry_with_duplicates(
    residents: int, *, seed: int = 0, share: float = 0.03, province_codes=("92", "93", "94")
) -> list[dict[str, str]]:
    """A registry like the demo's: one clean record per resident, plus noisy duplicates.

    Clean rows (record_id = the person key) as the residents import file writes them, then
    about `share` × residents noisy records of the same people (`D000001`…), all labelled
    with `true_person`. Duplicates are rare here, unlike `generate_noisy_records`.
    """
    rows = []
    for p in generate_people(residents, seed=seed, province_codes=province_codes):
        rows.append({
            "record_id": p.person_key, "source": "household_book", "full_name": p.full_name,
            "date_of_birth": p.date_of_birth.isoformat(), "sex": p.sex, "id_number": p.id_number,
            "hometown": p.hometown, "address": p.address, "father_name": p.father_name,
            "mother_name": p.mother_name, "true_person": p.person_key,
        })  # fmt: skip
    registered = {r["record_id"] for r in rows}
    wanted = max(20, int(residents * share))
    noisy = generate_noisy_records(wanted, seed=seed, province_codes=province_codes)
    for i, row in enumerate(noisy, 1):
        if row["true_person"] in registered:
            rows.append({**row, "record_id": f"D{i:06d}"})
    return rows


def iter_rows(rows: list[dict[str, str]], *, labels: bool = True) -> Iterator[dict[str, str]]:
    columns = (*COLUMNS, "true_person") if labels else COLUMNS
    for row in rows:
        yield {c: row.get(c, "") for c in columns}
