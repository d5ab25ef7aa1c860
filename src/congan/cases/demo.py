"""Synthetic criminal cases for the demo, 15 Dec 2023 … 26 Nov 2026.

Volumes are plausible for the merged city (old Cần Thơ, Hậu Giang and Sóc Trăng; ≈ 4.2 million
people): about 3,400 cases a year at the default 20,000 demo residents, scaled with `residents`.
Records are placed in the city's wards of the era of their date (`congan.org.demodata`).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction

from congan import units as unitdata
from congan.cases.models import (
    Case,
    Category,
    ClearanceType,
    Operation,
    Severity,
    Suspect,
)
from congan.org import jurisdiction
from congan.org.demodata import END, DemoCalendar, city_wards, successors
from congan.org.models import AdminUnit

# category: (share, articles, clearance rate, severity weights it/nt/rnt/đbnt)
PROFILE = {
    Category.THEFT: (0.30, ["173"], 0.72, (60, 30, 9, 1)),
    Category.FRAUD: (0.10, ["174"], 0.55, (30, 40, 20, 10)),
    Category.ASSAULT: (0.11, ["134"], 0.90, (45, 35, 15, 5)),
    Category.DRUGS: (0.18, ["249", "250", "251", "255"], 0.99, (10, 45, 30, 15)),
    Category.GAMBLING: (0.07, ["321", "322"], 0.98, (70, 25, 5, 0)),
    Category.ROBBERY: (0.04, ["168", "171"], 0.85, (0, 40, 40, 20)),
    Category.MURDER: (0.015, ["123"], 0.97, (0, 0, 20, 80)),
    Category.HIGH_TECH: (0.04, ["290", "174"], 0.45, (20, 40, 30, 10)),
    Category.LOAN_SHARKING: (0.02, ["201"], 0.95, (50, 50, 0, 0)),
    Category.ORGANIZED_CRIME: (0.02, ["168", "170"], 0.90, (0, 30, 40, 30)),
    Category.SMUGGLING: (0.02, ["188", "190"], 0.90, (40, 40, 15, 5)),
    Category.CORRUPTION: (0.005, ["353", "355"], 0.95, (10, 40, 30, 20)),
    Category.ENVIRONMENT: (0.005, ["244"], 0.90, (60, 30, 10, 0)),
    Category.OTHER: (0.035, ["260", "330"], 0.85, (70, 25, 5, 0)),
}
SEVERITIES = [Severity.IT_NGHIEM_TRONG, Severity.NGHIEM_TRONG, Severity.RAT_NGHIEM_TRONG,
              Severity.DAC_BIET_NGHIEM_TRONG]


@transaction.atomic
def load(*, residents: int, seed: int, stdout) -> None:
    if Case.objects.exists():
        stdout.write("cases: already loaded")
        return
    rng = random.Random(f"cases-{seed}")
    cal = DemoCalendar(rng, city_wards())
    succ = successors()
    people = _people_by_unit()
    categories = list(PROFILE)
    shares = [PROFILE[c][0] for c in categories]
    cases, suspects = [], []
    n = cal.count(3400, residents)
    for i in range(n):
        detected_on = cal.day()
        unit_id = cal.ward(detected_on)
        category = rng.choices(categories, shares)[0]
        _share, articles, clear_rate, sev_weights = PROFILE[category]
        article = rng.choice(articles)
        case = Case(
            case_number=f"HS-{detected_on.year}-{i + 1:06d}", unit_id=unit_id, detected_on=detected_on,
            articles=article, severity=rng.choices(SEVERITIES, sev_weights)[0], category=category,
        )
        if rng.random() < 0.7:
            case.prosecuted_on = detected_on + timedelta(days=rng.randint(1, 20))
        if rng.random() < clear_rate:
            cleared_on = detected_on + timedelta(days=int(rng.expovariate(1 / 25)))
            if cleared_on <= END:
                case.cleared_on = cleared_on
                case.clearance_type = (ClearanceType.EXCEPTIONAL if rng.random() < 0.02
                                       else ClearanceType.OFFENDER_IDENTIFIED)
                same_era = unitdata.era_on(cleared_on) == unitdata.era_on(detected_on)
                case.clearing_unit_id = unit_id if same_era else succ.get(unit_id, unit_id)
        elif rng.random() < 0.3 and detected_on + timedelta(days=120) <= END:
            case.suspended_on = detected_on + timedelta(days=rng.randint(60, 120))
        case.fill_derived()
        cases.append(case)
    Case.objects.bulk_create(cases, batch_size=2000)
    # Dates of arrest and prosecution draw from their own stream, so the cases above stay as they were.
    dates = random.Random(f"suspect-dates-{seed}")
    for case in cases:
        if case.cleared_on and case.clearance_type == ClearanceType.OFFENDER_IDENTIFIED:
            for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 4)):
                local = people.get(case.unit_id)
                if local and rng.random() < 0.4:
                    pid, name, year = rng.choice(local)
                    suspect = Suspect(case=case, full_name=name, person_id=pid, year_of_birth=year)
                else:
                    suspect = Suspect(case=case, full_name=cal.name(), year_of_birth=rng.randint(1965, 2008))
                _arrest_and_prosecute(suspect, case, dates)
                suspects.append(suspect)
    Suspect.objects.bulk_create(suspects, batch_size=5000)
    operations = _operations(cases, dates)
    stdout.write(f"cases: {len(cases)} criminal cases, {len(suspects)} suspects, "
                 f"{operations} major investigation plans")


def _arrest_and_prosecute(suspect: Suspect, case: Case, rng: random.Random) -> None:
    """Most suspects of a solved case are arrested when it is solved; most arrested are prosecuted soon after."""
    if rng.random() < 0.85:
        suspect.arrested_on = max(case.detected_on, case.cleared_on - timedelta(days=rng.randint(0, 5)))
        if rng.random() < 0.9:
            suspect.prosecuted_on = min(END, suspect.arrested_on + timedelta(days=rng.randint(1, 9)))


#: Chuyên án are opened against drug lines and rings: their cases come from these categories.
_OPERATION_CATEGORIES = (Category.DRUGS, Category.ORGANIZED_CRIME, Category.LOAN_SHARKING, Category.GAMBLING)


def _operations(cases: list[Case], rng: random.Random) -> int:
    """About one plan per 40 ring cases: 2–5 cases of one district (or, from 7/2025, the city) each."""
    city = jurisdiction.city_unit()
    parents = dict(AdminUnit.objects.filter(id__in={c.unit_id for c in cases}).values_list("id", "parent_id"))
    groups: dict[int, list[Case]] = {}
    for case in cases:
        if case.category in _OPERATION_CATEGORIES and rng.random() < 0.08:
            legacy = unitdata.era_on(case.detected_on) == unitdata.LEGACY
            groups.setdefault(parents[case.unit_id] if legacy else city.id, []).append(case)
    made = 0
    for lead_unit_id, members in groups.items():
        members.sort(key=lambda c: c.detected_on)
        while members:
            size = rng.randint(2, 5)
            batch, members = members[:size], members[size:]
            opened = batch[0].detected_on - timedelta(days=rng.randint(20, 90))
            if unitdata.era_on(opened) != unitdata.era_on(batch[0].detected_on):
                opened = batch[0].detected_on
            last = batch[-1].detected_on
            broken = last + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.75 else None
            broken = broken if broken and broken <= END else None
            closed = broken + timedelta(days=rng.randint(30, 120)) if broken else None
            made += 1
            op = Operation.objects.create(
                number=f"CA-{opened.year}-{made:04d}", name=f"Chuyên án {made:03d}", lead_unit_id=lead_unit_id,
                opened_on=opened, broken_on=broken, closed_on=closed if closed and closed <= END else None)
            op.cases.set(batch)
    return made


def _people_by_unit(limit: int = 50) -> dict[int, list[tuple[int, str, int | None]]]:
    from congan.registry.models import Person

    out: dict[int, list] = {}
    for pid, uid, name, year in Person.objects.values_list("id", "unit_id", "full_name", "birth_year").iterator():
        bucket = out.setdefault(uid, [])
        if len(bucket) < limit:
            bucket.append((pid, name, year))
    return out
