"""Labelled benchmark records for the cleansing engine: synthetic people seen through noisy sources.

Each person appears in one to three sources ('household_book', 'cmnd', 'cccd_application'),
each written the way that source tends to write: missing diacritics, NFD, unconverted
Telex/VNI keystrokes, upper case, old tone placement, a dropped 'Thị', typos, dates as
dd/mm/yyyy, d/m/yy, mm/yyyy or a year alone, day and month swapped, old or 2025 addresses with
abbreviations, missing fields, CMND or CCCD numbers. Rows follow the cleansing input contract
plus `true_person`. Siblings and twins come from the population generator as distinct people,
so a correct engine keeps them apart. Personal data here is synthetic only.

`RegistryErrors` (the `REGISTRY_ERRORS` profile) adds what real registries hold beyond that:
people who moved, a wrong birth year in one source, a nickname or a given name in another
order, a child named like a parent, a reused or mistyped CMND, households split across the
2025 reform. It is off by default: the demo and the reports' figures come from the default
stream, which it leaves draw for draw unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from congan.units import PROVINCE, WARD, Y2025, old_to_new
from congan.vntext import strip_marks

from .addresses import _index as _unit_index
from .addresses import address_2025, default_new_ward, legacy_unit_suffix
from .ids import IdNumbers
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


@dataclass(frozen=True)
class RegistryErrors:
    """Rates of the errors real registries hold beyond the default noise. Each is the share of
    the records (or persons) it can apply to; every damaged row names its errors in `errors`."""

    #: A record from before a move: another household's address (another ward, mostly).
    moved: float = 0.0
    #: The birth year one or two years off (or its last two digits swapped) in this source.
    wrong_year: float = 0.0
    #: The given name replaced by a nickname or birth-order name ('Út', 'Tèo', 'Hai').
    nickname: float = 0.0
    #: The given name and the last middle name written in the other order.
    name_order: float = 0.0
    #: Per adult person: a child with the same full name and sex at the same address (a
    #: distinct person, born 20–35 years later), with its own CCCD.
    child_like_parent: float = 0.0
    #: A CMND written on the record that belongs to another member of the household.
    reused_id: float = 0.0
    #: A digit of the ID number mistyped (beyond the default 1%).
    mistyped_id: float = 0.0
    #: Of records written in the 2025 structure whose old ward was split: the new ward named is
    #: another of its successors (members of one household registered in different new wards).
    split_household: float = 0.0


#: The error model of the accuracy benchmark and the engine's tests.
REGISTRY_ERRORS = RegistryErrors(
    moved=0.06, wrong_year=0.02, nickname=0.01, name_order=0.01, child_like_parent=0.02,
    reused_id=0.01, mistyped_id=0.01, split_household=0.5,
)  # fmt: skip

NICKNAMES = ("Út", "Tèo", "Tí", "Bé", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Cu", "Bi")


class _Noise:
    def __init__(self, seed: int, errors: RegistryErrors | None = None) -> None:
        self.rng = random.Random(seed)
        self.errors = errors
        # The registry errors draw from their own generator: the default stream is unchanged.
        self.hard = random.Random(f"{seed}:registry-errors")
        self.applied: list[str] = []

    def hard_chance(self, p: float) -> bool:
        return p > 0 and self.hard.random() < p

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
        text = self._address_2025(p) if self.chance(new) else p.address
        if self.chance(0.3):
            for full, shorts in _ABBREVIATIONS:
                text = text.replace(full, self.rng.choice(shorts))
        return self.text_style(text, upper=upper)

    def _address_2025(self, p: Person) -> str:
        text = address_2025(p)
        if self.errors is None:
            return text
        candidates = sorted({code for code, _ in old_to_new(p.ward_code)})
        if len(candidates) > 1 and self.hard_chance(self.errors.split_household):
            default = default_new_ward(p.ward_code)
            other = self.hard.choice([c for c in candidates if c != default])
            index = _unit_index(Y2025)
            ward = index[(WARD, other)]
            province = index[(PROVINCE, ward.province_code)]
            street = p.address.removesuffix(", " + legacy_unit_suffix(p.ward_code))
            self.applied.append("split_household")
            return f"{street}, {ward.name}, {province.name}"
        return text

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


def _shift_year(d: datetime.date, years: int) -> datetime.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class _Context:
    """What the registry errors borrow from other people: recent addresses of other households
    and the CMND of the household's earlier members."""

    def __init__(self) -> None:
        self.places: list[tuple[str, str, str]] = []  # (household, address, ward code)
        self.household = ""
        self.household_cmnd: list[str] = []

    def seen(self, p: Person) -> None:
        if p.household_id != self.household:
            self.household, self.household_cmnd = p.household_id, []
            self.places.append((p.household_id, p.address, p.ward_code))
            del self.places[:-500]
        if p.old_id_number:
            self.household_cmnd.append(p.old_id_number)


def _damaged(noise: _Noise, p: Person, context: _Context) -> Person:
    """The person as this one source has them under the registry errors."""
    e = noise.errors
    if e.moved and noise.hard_chance(e.moved):
        elsewhere = [pl for pl in context.places if pl[0] != p.household_id]
        if elsewhere:
            _, address, ward = noise.hard.choice(elsewhere)
            p = dataclasses.replace(p, address=address, ward_code=ward)
            noise.applied.append("moved")
    if noise.hard_chance(e.wrong_year):
        shift = noise.hard.choice((-2, -1, 1, 2))
        p = dataclasses.replace(p, date_of_birth=_shift_year(p.date_of_birth, shift))
        noise.applied.append("wrong_year")
    if noise.hard_chance(e.nickname):
        nickname = noise.hard.choice([n for n in NICKNAMES if n != p.given_name])
        p = dataclasses.replace(p, given_name=nickname)
        noise.applied.append("nickname")
    elif p.middle_name and noise.hard_chance(e.name_order):
        *first, last = p.middle_name.split()
        p = dataclasses.replace(p, middle_name=" ".join([*first, p.given_name]), given_name=last)
        noise.applied.append("name_order")
    return p


def _number(noise: _Noise, p: Person, number: str, context: _Context) -> str:
    e = noise.errors
    if e is None or not number:
        return number
    others = [n for n in context.household_cmnd if n != p.old_id_number]
    if others and number == p.old_id_number and noise.hard_chance(e.reused_id):
        noise.applied.append("reused_id")
        return noise.hard.choice(others)
    if noise.hard_chance(e.mistyped_id):
        i = noise.hard.randrange(len(number))
        digit = str((int(number[i]) + noise.hard.randint(1, 9)) % 10)
        noise.applied.append("mistyped_id")
        return number[:i] + digit + number[i + 1 :]
    return number


def _record(
    noise: _Noise, p: Person, source: str, context: _Context | None = None
) -> dict[str, str]:
    upper = 0.4 if source == "cmnd" else 0.1
    written = p
    if noise.errors is not None:
        noise.applied = []
        written = _damaged(noise, p, context)
    if source == "cmnd":
        number = p.old_id_number
    elif source == "cccd_application":
        number = p.id_number
    else:  # a household book carries whichever card the person had when it was written
        number = p.id_number if p.id_number and noise.chance(0.6) else p.old_id_number
    if noise.errors is not None:
        number = _number(noise, p, number, context)
    parents_missing = 0.7 if source == "cmnd" else 0.15
    row = {
        "source": source,
        "full_name": noise.name(written, upper=upper),
        "date_of_birth": noise.date(written, iso=0.5 if source == "cccd_application" else 0.05),
        "sex": noise.sex(p),
        "id_number": noise.id_number(number),
        "hometown": noise.hometown(p),
        "address": noise.address(
            written, new=0.7 if source == "cccd_application" else 0.15, upper=upper
        ),
        "father_name": noise.parent(p.father_name, missing=parents_missing),
        "mother_name": noise.parent(p.mother_name, missing=parents_missing),
    }
    if noise.errors is not None:
        row["errors"] = ",".join(noise.applied)
    return row


_LAST_BIRTH = datetime.date(2010, 12, 31)  # a child named like a parent is old enough for a CCCD


def _child_like(noise: _Noise, parent: Person, ids: IdNumbers) -> Person | None:
    """A child with the parent's full name and sex, at the parent's address."""
    born = _shift_year(parent.date_of_birth, noise.hard.randint(20, 35))
    born += datetime.timedelta(days=noise.hard.randint(-150, 150))
    if born > _LAST_BIRTH:
        return None
    father, mother = (parent.full_name, "") if parent.sex == "Nam" else ("", parent.full_name)
    return dataclasses.replace(
        parent,
        person_key=f"{parent.person_key}-child",
        date_of_birth=born,
        id_number=ids.cccd(parent.birth_province_code, parent.sex, born),
        old_id_number="",
        relation_to_head="Con",
        father_name=father,
        mother_name=mother,
    )


def _people(noise: _Noise, n: int, seed: int, province_codes) -> Iterator[tuple[Person, bool]]:
    """The population, and under the registry errors the children named like a parent
    (flagged True) right after their parent."""
    ids = IdNumbers(seed + 7_919)  # the children's CCCDs: another series
    for person in generate_people(n, seed=seed, province_codes=province_codes):
        yield person, False
        e = noise.errors
        if e is None or not e.child_like_parent or person.date_of_birth.year > 1985:
            continue
        if noise.hard_chance(e.child_like_parent):
            child = _child_like(noise, person, ids)
            if child is not None:
                yield child, True


def _sources_for(noise: _Noise, p: Person) -> list[str]:
    eligible = ["household_book"]
    if p.old_id_number:
        eligible.append("cmnd")
    if p.id_number:
        eligible.append("cccd_application")
    k = noise.rng.choices((1, 2, 3), weights=(0.3, 0.45, 0.25))[0]
    return noise.rng.sample(eligible, min(k, len(eligible)))


def generate_noisy_records(
    n_records: int,
    *,
    seed: int = 0,
    province_codes=("92", "93", "94"),
    errors: RegistryErrors | None = None,
) -> list[dict[str, str]]:
    """About n_records rows (cleansing contract + `true_person`), shuffled, ids R00000001…

    `errors` (e.g. `REGISTRY_ERRORS`) adds the registry errors; each row then also names the
    ones it carries in `errors` (comma-separated; 'named_like_parent' on a child's rows).
    """
    noise = _Noise(seed, errors)
    context = _Context()
    rows: list[dict[str, str]] = []
    for person, is_child in _people(noise, n_records, seed, province_codes):
        if errors is not None:
            context.seen(person)
        for source in _sources_for(noise, person):
            row = _record(noise, person, source, context)
            row["true_person"] = person.person_key
            if is_child:
                row["errors"] = ",".join(filter(None, ["named_like_parent", row["errors"]]))
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
