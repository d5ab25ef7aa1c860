"""Recording-integrity flags on a hand-built city: each flag raised for the unit whose cases show it,
not for the unit whose cases don't, with exactly its cases behind the link."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from congan.cases.history import CaseChange
from congan.cases.models import Case
from congan.reports import integrity, periods
from tests.cases.factories import CaseFactory
from tests.org.factories import unit

YEAR = periods.police_year(2024)  # 15/12/2023 – 14/12/2024


def _entered(case, day: date):
    Case.objects.filter(pk=case.pk).update(created_at=datetime(day.year, day.month, day.day, 3, tzinfo=UTC))


@pytest.fixture
def city(db, settings):
    settings.CONGAN_INTEGRITY = {**settings.CONGAN_INTEGRITY, "min_cases": 1}
    cases = {
        "downgraded": CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1)),
        "no_crime": CaseFactory(unit_code="31120", detected_on=date(2024, 4, 1), no_crime_on=date(2024, 4, 10)),
        "late_cleared": CaseFactory(unit_code="31120", detected_on=date(2024, 11, 1), cleared_on=date(2024, 12, 12)),
        "late_recorded": CaseFactory(unit_code="31120", detected_on=date(2024, 2, 1)),
    }
    for case in cases.values():
        _entered(case, case.detected_on)
    _entered(cases["late_recorded"], date(2024, 6, 1))  # 121 days after its detection date
    CaseChange.objects.create(case=cases["downgraded"], kind="downgrade", field="severity",
                              old="rat_nghiem_trong", new="nghiem_trong", reason="Giám định lại")
    CaseChange.objects.create(case=cases["late_cleared"], kind="clearing", field="cleared_on", old="",
                              new="2024-12-12", reason="Đã bắt", at=datetime(2025, 1, 5, 3, tzinfo=UTC))
    for day in range(1, 7):  # Xuân Khánh: six cases detected and cleared mid-year, entered the same day
        case = CaseFactory(unit_code="31144", detected_on=date(2024, 5, day), cleared_on=date(2024, 6, day))
        _entered(case, case.detected_on)
    return cases


def _flags(code: str) -> dict[str, integrity.Flag]:
    _city, found = integrity.flags(unit=unit(code, "legacy", "ward"), period=YEAR)
    return {f.definition.key: f for f in found}


@pytest.mark.parametrize(("key", "case", "base"), [
    ("downgrades", "downgraded", 4), ("no_crime", "no_crime", 4), ("late_clearing", "late_cleared", 1),
    ("backdating", "late_cleared", 1), ("late_recording", "late_recorded", 4)])
def test_each_flag_is_raised_for_the_unit_whose_cases_show_it(city, key, case, base):
    an_hoa, xuan_khanh = _flags("31120")[key], _flags("31144")[key]
    assert (an_hoa.flagged, an_hoa.case_ids, an_hoa.base) == (True, [city[case].pk], base)
    assert (xuan_khanh.flagged, xuan_khanh.case_ids) == (False, [])
    assert xuan_khanh.base == 6


def test_the_city_share_is_beside_the_unit(city):
    downgrades = _flags("31120")["downgrades"]
    assert (downgrades.share, downgrades.city_share) == (0.25, 0.1)


def test_above_the_citys_share_is_flagged_under_the_limit(city, settings):
    settings.CONGAN_INTEGRITY = {**settings.CONGAN_INTEGRITY, "downgrade_percent": 90}
    assert _flags("31120")["downgrades"].flagged  # 25% ≥ 150% of the city's 10%
    settings.CONGAN_INTEGRITY = {**settings.CONGAN_INTEGRITY, "ratio_to_city_percent": 300}
    assert not _flags("31120")["downgrades"].flagged  # 25% < 300% of 10%


def test_too_few_cases_are_never_flagged(city, settings):
    settings.CONGAN_INTEGRITY = {**settings.CONGAN_INTEGRITY, "min_cases": 5}
    assert not any(f.flagged for f in _flags("31120").values())


def test_a_clearing_recorded_within_the_tolerance_is_not_backdated(city, settings):
    settings.CONGAN_INTEGRITY = {**settings.CONGAN_INTEGRITY, "backdating_days": 30}
    assert _flags("31120")["backdating"].case_ids == []  # recorded 24 days after


def test_the_statistics_page_links_each_flag_to_its_cases(city, client_for, thongke):
    client = client_for(thongke)
    an_hoa = unit("31120", "legacy", "ward")
    page = client.get("/reports/integrity/", {"unit": an_hoa.id, "kind": "police_year", "year": 2024})
    flagged = [f.definition.key for f in page.context["flags"] if f.flagged]
    assert flagged == ["downgrades", "no_crime", "late_clearing", "backdating", "late_recording"]
    html = page.content.decode()
    assert "Hạ mức độ nghiêm trọng" in html and "Cảnh báo" in html
    link = next(f.url for f in page.context["flags"] if f.definition.key == "backdating")
    cases = client.get(link)
    assert [c.pk for c in cases.context["cases"]] == [city["late_cleared"].pk]
    assert city["late_cleared"].case_number in cases.content.decode()


def test_the_page_is_the_statistics_offices(city, client_for, anhoa, lanhdao):
    for user in (anhoa, lanhdao):
        assert client_for(user).get("/reports/integrity/").status_code == 403
