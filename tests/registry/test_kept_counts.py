"""The kept counts behind the ID-card collection rate equal the live count: on a small world of
residents written as clerks write them (forms' services, both imports), with rejections,
re-applications, moves, corrected dates of birth, deletions; for many wards and days, today and a
year ago among them. `congan kept-counts` rebuilds them and, with --check, finds a difference."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from congan.org import jurisdiction
from congan.org.models import User
from congan.registry import kept, services
from congan.registry.models import (
    NEXT_STEPS,
    CardStep,
    IdCardApplication,
    KeptCardCount,
    KeptCardPerson,
    Person,
)
from tests.org.factories import unit
from tests.registry.factories import PersonFactory, resident_row, residents_csv

TODAY = date.today()
WARDS = [("31120", "legacy"), ("31144", "legacy"), ("31153", "legacy"), ("31135", "2025")]
FIRST = date(2016, 1, 1)


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


def _born(rng) -> dict:
    pick = rng.random()
    if pick < 0.1:  # turning 14 in the years the figures are read for
        return {"date_of_birth": _day(rng, date(2008, 1, 1), TODAY - timedelta(days=14 * 365 - 400))}
    if pick < 0.55:
        return {"date_of_birth": _day(rng, date(1935, 1, 1), date(2012, 1, 1))}
    if pick < 0.7:
        return {"date_of_birth": None, "birth_year": rng.randrange(1940, TODAY.year - 12)}
    if pick < 0.8:
        return {"date_of_birth": None, "birth_year": rng.randrange(2005, TODAY.year - 12),
                "birth_month": rng.randrange(1, 13)}
    if pick < 0.9:
        return {"date_of_birth": date(rng.choice([2008, 2012]), 2, 29)}
    return {"date_of_birth": None}


def _apply(rng, person: Person, ward, start: date) -> None:
    """An application walked through the workflow at random: same-day steps, rejections, re-collections."""
    if start > TODAY:
        return
    app = IdCardApplication.collect(person, start, unit=ward)
    kind, on = CardStep.COLLECTED, start
    while NEXT_STEPS[kind] and rng.random() < 0.85:
        kind = rng.choice(sorted(NEXT_STEPS[kind]))
        on += timedelta(days=rng.choice([0, 0, 1, 3, 12, 40, 200]))
        if on > TODAY:
            return
        app.add_step(kind, on, unit=ward)


def _world(seed: int = 14, n: int = 160) -> list[Person]:
    rng = random.Random(seed)
    wards = [unit(code, era) for code, era in WARDS]
    clerk = User.objects.get(username="nhaplieu")
    people = []
    for _ in range(n):
        ward = rng.choice(wards)
        person = PersonFactory(unit_code=ward.code, era=ward.era, id_number="", **_born(rng))
        people.append(person)
        if rng.random() < 0.75:
            _apply(rng, person, ward, _day(rng, FIRST, TODAY))
        if rng.random() < 0.25:  # a second application: lost card, or a fresh one after a rejection
            _apply(rng, person, ward, _day(rng, FIRST, TODAY))
    for person in rng.sample(people, 25):  # moves to another ward
        services.correct_resident(person=person, new_values={"unit": rng.choice(wards)}, actor=clerk,
                                  reason="chuyển hộ khẩu")
    for person in rng.sample(people, 15):  # a date of birth corrected
        services.correct_resident(person=person, new_values=_born(rng), actor=clerk, reason="sửa ngày sinh")
    for person in rng.sample(people, 10):  # records deleted with their applications
        person.delete()
        people.remove(person)
    return people


def _import(tmp_path, rng) -> None:
    """New residents from a file, then ID-card steps from a file (some of residents already there)."""
    rows = [resident_row(f"IMP{i:04d}", id_number="", household_id=f"HI{i:04d}",
                         date_of_birth=_day(rng, date(1950, 1, 1), date(2012, 6, 1)).strftime("%d/%m/%Y"))
            for i in range(30)]
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "residents", str(residents_csv(tmp_path / "residents.csv", rows)), "--no-progress",
                     stdout=out, stderr=err)
    except SystemExit:
        pytest.fail(err.getvalue())
    record_ids = [r["record_id"] for r in rows] + list(
        Person.objects.exclude(record_id__startswith="IMP").values_list("record_id", flat=True)[:20])
    lines = ["application_id,record_id,step,on,unit_code"]
    for i, record_id in enumerate(record_ids):
        on = _day(rng, FIRST, TODAY - timedelta(days=60))
        steps = [CardStep.COLLECTED]
        while NEXT_STEPS[steps[-1]] and rng.random() < 0.8:
            steps.append(rng.choice(sorted(NEXT_STEPS[steps[-1]])))
        for step in steps:
            lines.append(f"HS{i:04d},{record_id},{step},{on.isoformat()},31120")
            on += timedelta(days=rng.choice([0, 2, 9]))
    path = tmp_path / "cards.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        call_command("import", "id_cards", str(path), "--no-progress", stdout=out, stderr=err)
    except SystemExit:
        pytest.fail(err.getvalue())


def _days(rng) -> list[date]:
    fixed = [TODAY, kept.years_before(TODAY, 1), date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1),
             date(2025, 2, 28), date(2025, 3, 1), date(2024, 12, 31), date(2025, 1, 1), date(2025, 6, 30),
             date(2025, 7, 1), TODAY + timedelta(days=400)]
    return fixed + [_day(rng, date(2015, 6, 1), TODAY) for _ in range(40)]


def _areas() -> list[list[int]]:
    wards = [[unit(code, era).id] for code, era in WARDS]
    return [*wards, sum(wards, []), list(jurisdiction.unit_ids(unit("916", "legacy", "district").id)),
            list(jurisdiction.unit_ids(jurisdiction.city_unit().id))]


def _assert_kept_equals_live(days: list[date]) -> None:
    for day in days:
        for ids in _areas():
            assert services.id_card_collection(unit_ids=ids, end=day) == \
                services.live_id_card_collection(unit_ids=ids, end=day), (day, ids)
        city = list(jurisdiction.unit_ids(jurisdiction.city_unit().id))
        assert services.ward_progress(unit_ids=city, end=day) == services.live_ward_progress(unit_ids=city, end=day), day


@pytest.mark.django_db
def test_kept_counts_equal_the_live_count_as_records_are_written(tmp_path):
    _world()
    _import(tmp_path, random.Random(7))
    days = _days(random.Random(3))
    figures = services.id_card_collection(unit_ids=_areas()[4], end=TODAY)
    assert figures["eligible"] > 100 and 0 < figures["applications"] < figures["eligible"]
    _assert_kept_equals_live(days)
    assert services.id_card_collection(unit_ids=_areas()[4], end=kept.years_before(TODAY, 1)) != figures


@pytest.mark.django_db
def test_a_rebuild_gives_the_counts_kept_on_write():
    _world(seed=5, n=80)
    city = list(jurisdiction.unit_ids(jurisdiction.city_unit().id))
    days = _days(random.Random(5))
    before = {d: kept.figures_by_unit(unit_ids=city, end=d) for d in days}
    people = dict(KeptCardPerson.objects.values_list("person_id", "events"))
    call_command("kept-counts", stdout=io.StringIO())
    assert {d: kept.figures_by_unit(unit_ids=city, end=d) for d in days} == before
    assert dict(KeptCardPerson.objects.values_list("person_id", "events")) == people


@pytest.mark.django_db
def test_the_check_finds_a_difference_and_a_rebuild_mends_it():
    _world(seed=9, n=40)
    out = io.StringIO()
    call_command("kept-counts", "--check", stdout=out)
    assert "equal the live count" in out.getvalue()
    row = KeptCardCount.objects.filter(grain=KeptCardCount.YEAR, day__lt=date(2000, 1, 1)).first()
    KeptCardCount.objects.filter(pk=row.pk).update(eligible=row.eligible + 1)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("kept-counts", "--check", stdout=out)
    assert exit_.value.code == 1
    assert f"unit {row.unit_id}" in out.getvalue()
    call_command("kept-counts", stdout=io.StringIO())
    call_command("kept-counts", "--check", "--day", "2024-06-30", "--day", TODAY.isoformat(), stdout=io.StringIO())
