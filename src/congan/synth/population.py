"""Synthetic residents of Cần Thơ (and its merged neighbours), streamed household by household.

People are made in households so that the links cleansing relies on hold: siblings share
parents, surname and address; children take the father's surname and hometown; twins share a
date of birth. Everything is drawn from one seeded generator, so a seed always gives the same
people in the same order. The snapshot date is the last day of the legacy unit structure,
which is why addresses carry legacy names (see `address_2025` for the new ones).

Shares marked "plausible" are rounded to what public sources report for the Mekong Delta;
they are there to give realistic shapes, not to serve as statistics.
"""

from __future__ import annotations

import datetime
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from congan.units import LEGACY, WARD, load_units

from . import names
from .addresses import StreetPlan, legacy_unit_suffix
from .ids import IdNumbers

#: Ages are as of this day: the last day of the district-level structure.
REFERENCE_DATE = datetime.date(2025, 6, 30)
_REF_ORDINAL = REFERENCE_DATE.toordinal()
_YEAR_DAYS = 365.2425

MALE, FEMALE = "Nam", "Nữ"


@dataclass(frozen=True)
class Person:
    person_key: str
    surname: str
    middle_name: str
    given_name: str
    full_name: str
    sex: str
    date_of_birth: datetime.date
    ethnicity: str
    religion: str
    nationality: str
    birth_province_code: str
    id_number: str
    old_id_number: str
    hometown: str
    ward_code: str
    address: str
    household_id: str
    relation_to_head: str
    father_name: str
    mother_name: str


class _Weighted:
    """A weighted choice that costs one random() and one bisect per draw."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, weights: dict):
        self.items = list(weights)
        self.cum = []
        total = 0.0
        for w in weights.values():
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


# Census 2019 gives Cần Thơ ≈ 97% Kinh, Hậu Giang ≈ 97%, Sóc Trăng ≈ 64% Kinh, 30% Khmer, 5% Hoa.
_ETHNICITY = {
    "92": _Weighted({"Kinh": 96.9, "Khmer": 2.1, "Hoa": 1.0}),
    "93": _Weighted({"Kinh": 96.6, "Khmer": 2.6, "Hoa": 0.8}),
    "94": _Weighted({"Kinh": 64.4, "Khmer": 30.2, "Hoa": 5.4}),
}
_ETHNICITY_ELSEWHERE = _Weighted({"Kinh": 98.5, "Khmer": 0.5, "Hoa": 1.0})

# Plausible: most Delta Kinh follow ancestor worship only ("Không"); Hòa Hảo and Cao Đài
# were born in the region; Khmer are almost all Theravada Buddhists.
_RELIGION = {
    "Kinh": _Weighted({"Không": 72, "Phật giáo": 14, "Hòa Hảo": 7, "Công giáo": 4,
                       "Cao Đài": 2.5, "Tin Lành": 0.5}),
    "Khmer": _Weighted({"Phật giáo": 95, "Không": 5}),
    "Hoa": _Weighted({"Không": 50, "Phật giáo": 45, "Công giáo": 5}),
}

# Where people living in the Delta were born or come from, besides their own province.
_ELSEWHERE = _Weighted({
    "92": 10, "93": 8, "94": 8, "86": 8, "89": 7, "87": 5, "91": 5, "84": 4, "95": 3, "96": 3,
    "79": 6, "80": 2, "82": 2, "83": 2, "01": 1, "36": 1, "38": 1, "40": 1, "52": 1, "51": 1,
})

# Household shapes (plausible, giving ≈ 3.6 people per household as in the Delta).
_KINDS = _Weighted({
    "single": 9, "couple": 10, "nuclear": 45, "single_parent": 7, "with_parents": 11,
    "three_generations": 18,
})

# Husband's age in a nuclear household, in 5-year bands from 25 (the shape of the population
# pyramid comes mostly from here and from the children's ages).
_NUCLEAR_HUSBAND_AGE = _Weighted({25: 11, 30: 17, 35: 17, 40: 15, 45: 12, 50: 9, 55: 7})

_BIRTHS_BY_COHORT = (  # (mother born before, weights for 0, 1, 2 … children)
    (1955, _Weighted({1: 3, 2: 8, 3: 14, 4: 16, 5: 12, 6: 8})),
    (1970, _Weighted({1: 6, 2: 18, 3: 16, 4: 8, 5: 3})),
    (1985, _Weighted({0: 3, 1: 18, 2: 38, 3: 14, 4: 3})),
    (9999, _Weighted({0: 5, 1: 27, 2: 48, 3: 14})),
)
TWIN_RATE = 0.015


def _build(weights_by_key):
    return {k: _Weighted(v) for k, v in weights_by_key.items()}


_KINH_SURNAME = _Weighted(names.KINH_SURNAMES)
_KINH_MIDDLE = {MALE: _Weighted(names.KINH_MIDDLE_MALE), FEMALE: _Weighted(names.KINH_MIDDLE_FEMALE)}
_KINH_GIVEN = {MALE: _build(names.KINH_GIVEN_MALE), FEMALE: _build(names.KINH_GIVEN_FEMALE)}
_KHMER_SURNAME = _Weighted(names.KHMER_SURNAMES)
_KHMER_GIVEN = {MALE: names.KHMER_GIVEN_MALE, FEMALE: names.KHMER_GIVEN_FEMALE}
_HOA_SURNAME = _Weighted(names.HOA_SURNAMES)
_HOA_MIDDLE = {MALE: _Weighted(names.HOA_MIDDLE_MALE), FEMALE: _Weighted(names.HOA_MIDDLE_FEMALE)}
_HOA_GIVEN = {MALE: _Weighted(names.HOA_GIVEN_MALE), FEMALE: _Weighted(names.HOA_GIVEN_FEMALE)}


def _generation(year: int) -> str:
    return "old" if year < 1975 else "mid" if year < 2000 else "young"


def _plain_middle_share(year: int) -> float:
    """How often a Kinh name uses 'Văn'/'Thị': near-universal once, much rarer today."""
    return 0.85 if year < 1960 else 0.72 if year < 1975 else 0.55 if year < 1990 else 0.38 if year < 2005 else 0.22


@dataclass(slots=True)
class _Member:
    """A person before the household is finished (relations and parents still being set)."""

    sex: str
    dob: datetime.date
    ethnicity: str
    surname: str
    middle: str
    given: str
    hometown: str
    birth_code: str
    relation: str = ""
    father_name: str = ""
    mother_name: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.middle, self.given) if p)


class _Generator:
    def __init__(self, seed: int, province_codes):
        self.rng = random.Random(seed)
        self.ids = IdNumbers(seed)
        self.streets = StreetPlan(seed)
        # No ward population figures ship with the unit lists, so wards are equally likely.
        self.wards = [u for u in load_units(LEGACY, province_codes) if u.level == WARD]
        if not self.wards:
            raise ValueError(f"no legacy wards for provinces {province_codes}")
        hometown_provinces = set(province_codes) | set(_ELSEWHERE.items)
        self.hometown_wards: dict[str, list[str]] = {}
        for u in load_units(LEGACY, hometown_provinces):
            if u.level == WARD:
                self.hometown_wards.setdefault(u.province_code, []).append(u.code)

    # --- small draws -------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def dob_aged(self, lo: float, hi: float) -> datetime.date:
        """A date of birth for someone aged between lo and hi years on the reference date."""
        return datetime.date.fromordinal(_REF_ORDINAL - int(self.rng.uniform(lo, hi) * _YEAR_DAYS))

    def dob_offset(self, dob: datetime.date, years: float) -> datetime.date:
        ordinal = min(dob.toordinal() + int(years * _YEAR_DAYS), _REF_ORDINAL)
        return datetime.date.fromordinal(ordinal)

    def province_or_elsewhere(self, home: str, p_home: float) -> str:
        return home if self.chance(p_home) else _ELSEWHERE(self.rng)

    def hometown(self, province: str) -> str:
        wards = self.hometown_wards.get(province) or self.hometown_wards[self.home_province]
        return legacy_unit_suffix(wards[int(self.rng.random() * len(wards))])

    def name(self, ethnicity: str, sex: str, year: int, surname: str = "") -> tuple[str, str, str]:
        rng = self.rng
        if ethnicity == "Khmer":
            # Younger Khmer are often given Vietnamese-style names.
            if self.chance(0.75 if year < 1990 else 0.45):
                pool = _KHMER_GIVEN[sex]
                *middle, given = pool[int(rng.random() * len(pool))].split(" ")
                return surname or _KHMER_SURNAME(rng), " ".join(middle), given
            return self._kinh_name(sex, year, surname or _KHMER_SURNAME(rng))
        if ethnicity == "Hoa":
            return surname or _HOA_SURNAME(rng), _HOA_MIDDLE[sex](rng), _HOA_GIVEN[sex](rng)
        return self._kinh_name(sex, year, surname or _KINH_SURNAME(self.rng))

    def _kinh_name(self, sex: str, year: int, surname: str) -> tuple[str, str, str]:
        rng = self.rng
        given = _KINH_GIVEN[sex][_generation(year)](rng)
        if rng.random() < _plain_middle_share(year):
            middle = "Văn" if sex == MALE else "Thị"
            # Southern women born since the 1970s often carry two middle names: 'Thị Ngọc'.
            if sex == FEMALE and year >= 1975 and rng.random() < 0.3:
                middle = f"Thị {_KINH_MIDDLE[sex](rng)}"
        else:
            middle = _KINH_MIDDLE[sex](rng)
        if middle.endswith(given):  # avoid 'Ngọc Ngọc'
            middle = "Văn" if sex == MALE else "Thị"
        return surname, middle, given

    def parent_name(self, sex: str, ethnicity: str, child_year: int, surname: str = "") -> str:
        """The name of a parent who is not part of the household."""
        return " ".join(p for p in self.name(ethnicity, sex, child_year - 28, surname) if p)

    # --- people -----------------------------------------------------------------------------

    def adult(self, sex: str, dob: datetime.date, ethnicity: str, surname: str = "") -> _Member:
        """An adult whose parents live elsewhere (or are dead): their names are made up here."""
        surname, middle, given = self.name(ethnicity, sex, dob.year, surname)
        origin = self.province_or_elsewhere(self.home_province, 0.75)
        m = _Member(sex, dob, ethnicity, surname, middle, given, self.hometown(origin),
                    "0" + self.province_or_elsewhere(origin, 0.9))
        m.father_name = self.parent_name(MALE, ethnicity, dob.year, surname)
        m.mother_name = self.parent_name(FEMALE, ethnicity, dob.year)
        return m

    def spouse_of(self, person: _Member, years_apart: float) -> _Member:
        sex = FEMALE if person.sex == MALE else MALE
        # Most marry within their own community.
        ethnicity = person.ethnicity if self.chance(0.93) else self.ethnicity_mix(self.rng)
        dob = self.dob_offset(person.dob, years_apart if sex == FEMALE else -years_apart)
        if (REFERENCE_DATE - dob).days < 18 * _YEAR_DAYS:
            dob = self.dob_aged(18, 22)
        return self.adult(sex, dob, ethnicity)

    def children(self, father: _Member, mother: _Member, keep_adults: bool = True) -> list[_Member]:
        """The children of a couple still living with them, oldest first."""
        rng = self.rng
        weights = next(w for before, w in _BIRTHS_BY_COHORT if mother.dob.year < before)
        count = weights(rng)
        age_at_birth = min(max(rng.gauss(24, 4), 17), 38)
        kids: list[_Member] = []
        father_full, mother_full = father.full_name, mother.full_name
        births = 0
        while births < count and age_at_birth <= 45:
            dob = self.dob_offset(mother.dob, age_at_birth)
            if dob >= REFERENCE_DATE:
                break
            twins = 2 if self.chance(TWIN_RATE) else 1
            for _ in range(twins):
                if keep_adults or self._still_at_home(dob):
                    kids.append(self.child(father, dob, father_full, mother_full))
            births += 1
            age_at_birth += min(max(rng.gauss(3.5, 1.8), 1.2), 9)
        return kids

    def _still_at_home(self, dob: datetime.date) -> bool:
        age = (_REF_ORDINAL - dob.toordinal()) / _YEAR_DAYS
        stay = 1.0 if age < 18 else 0.75 if age < 23 else 0.45 if age < 28 else 0.2 if age < 36 else 0.07
        return self.chance(stay)

    def child(self, father: _Member, dob: datetime.date, father_full: str, mother_full: str) -> _Member:
        sex = MALE if self.chance(0.52) else FEMALE  # the Delta's birth sex ratio is ~108–110
        surname, middle, given = self.name(father.ethnicity, sex, dob.year, father.surname)
        birth = "0" + self.province_or_elsewhere(self.home_province, 0.95)
        return _Member(sex, dob, father.ethnicity, surname, middle, given, father.hometown, birth,
                       "Con", father_full, mother_full)

    # --- households ---------------------------------------------------------------------------

    def household(self) -> list[_Member]:
        rng = self.rng
        ward = self.wards[int(rng.random() * len(self.wards))]
        self.ward = ward
        self.home_province = ward.province_code
        self.ethnicity_mix = _ETHNICITY.get(ward.province_code, _ETHNICITY_ELSEWHERE)
        ethnicity = self.ethnicity_mix(rng)
        return getattr(self, "_" + _KINDS(rng))(ethnicity)

    def _couple_head(self, husband: _Member, wife: _Member) -> None:
        # About a fifth of Vietnamese households are registered under the wife.
        if self.chance(0.8):
            husband.relation, wife.relation = "Chủ hộ", "Vợ"
        else:
            wife.relation, husband.relation = "Chủ hộ", "Chồng"

    def _married_couple(self, husband_age_lo: float, husband_age_hi: float, ethnicity: str):
        husband = self.adult(MALE, self.dob_aged(husband_age_lo, husband_age_hi), ethnicity)
        wife = self.spouse_of(husband, min(max(self.rng.gauss(3, 3), -4), 15))
        self._couple_head(husband, wife)
        return husband, wife

    def _single(self, ethnicity: str) -> list[_Member]:
        if self.chance(0.5):
            sex, dob = (MALE if self.chance(0.6) else FEMALE), self.dob_aged(19, 40)
        else:  # mostly widows: women outlive men
            sex, dob = (FEMALE if self.chance(0.7) else MALE), self.dob_aged(55, 92)
        head = self.adult(sex, dob, ethnicity)
        head.relation = "Chủ hộ"
        return [head]

    def _couple(self, ethnicity: str) -> list[_Member]:
        lo, hi = (22, 32) if self.chance(0.45) else (55, 85)
        return list(self._married_couple(lo, hi, ethnicity))

    def _nuclear(self, ethnicity: str) -> list[_Member]:
        band = _NUCLEAR_HUSBAND_AGE(self.rng)
        husband, wife = self._married_couple(band, band + 5, ethnicity)
        return [husband, wife, *self.children(husband, wife, keep_adults=False)]

    def _single_parent(self, ethnicity: str) -> list[_Member]:
        band = _NUCLEAR_HUSBAND_AGE(self.rng)
        husband, wife = self._married_couple(band, band + 5, ethnicity)
        kids = self.children(husband, wife, keep_adults=False)
        # Widowed, divorced or working away: the other parent is not on the household book.
        parent = wife if self.chance(0.8) else husband
        parent.relation = "Chủ hộ"
        return [parent, *kids]

    def _with_parents(self, ethnicity: str) -> list[_Member]:
        members = self._nuclear(ethnicity)
        husband, wife = members[0], members[1]
        head = husband if husband.relation == "Chủ hộ" else wife
        father, mother = self._elders_of(head)
        present = []
        r = self.rng.random()
        if r < 0.6 or r >= 0.9:
            father.relation = "Cha"
            present.append(father)
        if r < 0.9:
            mother.relation = "Mẹ"
            present.append(mother)
        return [*members, *present]

    def _elders_of(self, person: _Member) -> tuple[_Member, _Member]:
        """Make up the person's parents and rewrite the person's parent names to match."""
        dob = self.dob_offset(person.dob, -self.rng.uniform(22, 36))
        father = self.adult(MALE, dob, person.ethnicity, person.surname)
        father.hometown = person.hometown
        mother = self.spouse_of(father, min(max(self.rng.gauss(3, 3), -4), 12))
        if (REFERENCE_DATE - mother.dob).days > 100 * _YEAR_DAYS:
            mother.dob = self.dob_offset(person.dob, -25)
        person.father_name, person.mother_name = father.full_name, mother.full_name
        return father, mother

    def _three_generations(self, ethnicity: str) -> list[_Member]:
        """Elderly parents, one married child with their spouse and children, maybe a younger child."""
        rng = self.rng
        grandpa, grandma = self._married_couple(52, 82, ethnicity)
        kids = self.children(grandpa, grandma)
        adults = [k for k in kids if (REFERENCE_DATE - k.dob).days > 20 * _YEAR_DAYS]
        if not adults:  # nobody old enough to have married: an ordinary family home
            return [grandpa, grandma, *[k for k in kids if self._still_at_home(k.dob)]]
        # In the Delta a son usually brings his wife home; sometimes a son-in-law moves in.
        sons = [k for k in adults if k.sex == MALE]
        married = sons[-1] if sons and self.chance(0.8) else adults[-1]
        others = [k for k in kids if k is not married and k.dob > married.dob and self._still_at_home(k.dob)]
        in_law = self.spouse_of(married, min(max(rng.gauss(3, 3), -4), 12))
        if married.sex == MALE:
            in_law.relation, father, mother = "Con dâu", married, in_law
        else:
            in_law.relation, father, mother = "Con rể", in_law, married
        grandkids = self.children(father, mother, keep_adults=False)
        for g in grandkids:
            g.relation = "Cháu"
        old = [grandpa, grandma]
        # Widowhood, more often the husband's: one elder may be gone.
        r = rng.random()
        if r < 0.25:
            old = [grandma]
        elif r < 0.33:
            old = [grandpa]
        if len(old) == 1:
            old[0].relation = "Chủ hộ"
        if len(old) == 1 and old[0].sex == FEMALE and self.chance(0.4):
            # The son takes over the household book: relations are re-stated from him.
            old[0].relation = "Mẹ"
            married.relation = "Chủ hộ"
            for g in grandkids:
                g.relation = "Con"
            for o in others:
                o.relation = "Em"
            in_law.relation = "Vợ" if married.sex == MALE else "Chồng"
        return [*old, married, in_law, *others, *grandkids]


def _finish(gen: _Generator, m: _Member, person_key: str, household_id: str, religion: str,
            address: str) -> Person:
    age = (_REF_ORDINAL - m.dob.toordinal()) / _YEAR_DAYS
    # Cards became possible under 14 in 2024; only some families have applied.
    has_card = age >= 14 or gen.chance(0.25)
    id_number = gen.ids.cccd(m.birth_code, m.sex, m.dob) if has_card else ""
    # CMND were issued at 14 until CCCD replaced them here in 2021; some went straight to CCCD.
    old_id = gen.ids.cmnd(gen.home_province) if m.dob.year <= 2006 and gen.chance(0.85) else ""
    # Every pool and unit name is NFC already, and joining NFC strings with spaces stays NFC.
    full = m.full_name
    return Person(
        person_key, m.surname, m.middle, m.given, full, m.sex, m.dob, m.ethnicity,
        religion, "Việt Nam", m.birth_code, id_number, old_id, m.hometown, gen.ward.code, address,
        household_id, m.relation, m.father_name, m.mother_name,
    )


def generate_people(n: int, *, seed: int = 0, province_codes=("92",)) -> Iterator[Person]:
    """Stream n synthetic people living in households; the same seed gives the same people.

    province_codes are legacy GSO province codes ('92' Cần Thơ, '93' Hậu Giang, '94' Sóc Trăng).
    The last household is cut short when n is reached; its head always comes first.
    """
    gen = _Generator(seed, tuple(province_codes))
    made = 0
    households = 0
    while made < n:
        members = gen.household()
        households += 1
        household_id = f"H{households:07d}"
        street = gen.streets.street_part(gen.rng, gen.ward)
        address = f"{street}, {legacy_unit_suffix(gen.ward.code)}"
        head_ethnicity = members[0].ethnicity
        religion = _RELIGION[head_ethnicity](gen.rng)
        # The head comes first so that a truncated last household still has one.
        members.sort(key=lambda m: m.relation != "Chủ hộ")
        for m in members:
            if made >= n:
                return
            made += 1
            # A spouse from another community usually keeps their own faith.
            own = religion if m.ethnicity == head_ethnicity else _RELIGION[m.ethnicity](gen.rng)
            yield _finish(gen, m, f"P{made:07d}", household_id, own, address)
