"""Every KPI against hand-counted records (tests/reports/conftest.py), with its boundaries."""

from datetime import date

import pytest
from django.test import override_settings

from congan.reports import periods
from congan.reports.services import build_report, resolve_unit
from tests.cases.factories import CaseFactory
from tests.org.factories import unit
from tests.traffic.factories import AccidentFactory

YEAR = periods.police_year(2025)


@pytest.fixture
def city():
    return unit("92", "2025", "province")


def test_crime_counts_the_cases_detected_in_the_year_boundaries_included(city_records, city):
    crime = build_report(unit=city, period=YEAR)["crime"]
    # detected 15/12/2024, 1/3, 1/8 and 14/12/2025; not 14/12/2024 nor 15/12/2025
    assert crime["detected"] == 4
    assert crime["cleared"] == 2
    assert crime["clearance_rate"] == 0.5


def test_a_case_cleared_after_the_period_end_is_not_cleared_in_that_period(city_records, city):
    crime = build_report(unit=city, period=YEAR)["crime"]
    assert crime["serious_detected"] == 2
    assert crime["serious_cleared"] == 1  # the one cleared on 20/12/2025 does not count
    assert crime["serious_clearance_rate"] == 0.5
    later = build_report(unit=city, period=periods.custom(date(2024, 12, 15), date(2025, 12, 31)))["crime"]
    assert later["serious_cleared"] == 2


def test_crime_by_category_and_by_group(city_records, city):
    crime = build_report(unit=city, period=YEAR)["crime"]
    cats = crime["by_category"]
    assert (cats["theft"]["detected"], cats["theft"]["cleared"]) == (1, 1)
    assert (cats["drugs"]["detected"], cats["drugs"]["cleared"]) == (1, 1)
    assert (cats["fraud"]["detected"], cats["fraud"]["cleared"], cats["fraud"]["clearance_rate"]) == (1, 0, 0.0)
    assert cats["murder"] == {"detected": 0, "cleared": 0, "clearance_rate": None,
                              "serious_detected": 0, "serious_cleared": 0}
    groups = crime["by_group"]
    assert (groups["social_order"]["detected"], groups["social_order"]["cleared"]) == (3, 1)
    assert (groups["drugs"]["detected"], groups["drugs"]["cleared"]) == (1, 1)


def test_serious_severities_are_configurable(city_records, city):
    with override_settings(CONGAN_SERIOUS_SEVERITIES=["dac_biet_nghiem_trong"]):
        crime = build_report(unit=city, period=YEAR)["crime"]
    assert (crime["serious_detected"], crime["serious_cleared"]) == (1, 0)


def test_target_defaults_to_the_national_75_percent(city_records, city):
    crime = build_report(unit=city, period=YEAR)["crime"]
    assert crime["target_clearance_rate"] == 0.75
    assert crime["clearance_vs_target"] == -0.25


def test_traffic_against_the_same_period_last_year(city_records, city):
    traffic = build_report(unit=city, period=YEAR)["traffic"]
    assert (traffic["accidents"], traffic["deaths"], traffic["injuries"]) == (2, 1, 3)
    assert traffic["previous"] == {"accidents": 1, "deaths": 2, "injuries": 0}
    assert traffic["change"]["accidents"] == 1.0
    assert traffic["change"]["deaths"] == -0.5
    assert traffic["change"]["injuries"] is None  # last year 0: no change figure, no error


def test_a_previous_period_of_zero_gives_no_change_and_no_error(db, city):
    AccidentFactory(occurred_on=date(2025, 5, 1), deaths=1)
    CaseFactory(detected_on=date(2025, 5, 1))
    report = build_report(unit=city, period=YEAR)
    assert report["traffic"]["previous"] == {"accidents": 0, "deaths": 0, "injuries": 0}
    assert report["traffic"]["change"] == {"accidents": None, "deaths": None, "injuries": None}
    assert report["crime"]["change"]["detected"] is None
    empty = build_report(unit=city, period=periods.police_year(2020))
    assert empty["crime"]["clearance_rate"] is None


def test_weapons_by_item_type(city_records, city):
    weapons = build_report(unit=city, period=YEAR)["weapons"]
    assert weapons["military_weapon"] == 2
    assert weapons["ammunition_round"] == 200
    assert weapons["explosive_kg"] == 1.5
    assert weapons["homemade_gun"] == 0
    assert set(weapons) == {"military_weapon", "support_tool", "homemade_gun", "ammunition_round",
                            "artillery_shell", "magazine", "rudimentary_weapon", "explosive_kg"}


def test_wanted_listed_and_outcomes_by_their_dates(city_records, city):
    assert build_report(unit=city, period=YEAR)["wanted"] == {
        "listed": 2, "arrested": 1, "surrendered": 0, "removed": 1}


def test_population_records(city_records, city):
    population = build_report(unit=city, period=YEAR)["population_data"]
    assert population["records"] == 3


def test_old_and_new_city_codes_roll_up_to_the_same_city(city_records):
    new_city = resolve_unit("92", YEAR)
    old_city = resolve_unit("92", periods.police_year(2024))
    assert (new_city.era, old_city.era) == ("2025", "legacy")
    new, old = build_report(unit=new_city, period=YEAR), build_report(unit=old_city, period=YEAR)
    assert new["crime"]["detected"] == old["crime"]["detected"] == 4
    assert new["traffic"]["accidents"] == old["traffic"]["accidents"] == 2


def test_ward_codes_resolve_in_the_era_of_the_period_end(db):
    assert resolve_unit("31135", YEAR).name == "Phường Ninh Kiều"
    assert resolve_unit("31135", periods.police_year(2024)).name == "Phường Tân An"


def test_district_and_ward_reports_roll_up_both_structures(city_records):
    district = build_report(unit=unit("916", "legacy", "district"), period=YEAR)["crime"]
    assert district["detected"] == 3  # An Hòa (old) and Phường Ninh Kiều (2025, wholly in the district)
    ward2025 = build_report(unit=unit("31135", "2025"), period=YEAR)["crime"]
    assert ward2025["detected"] == 2


def test_breakdown_by_old_districts_and_by_2025_wards(city_records, city):
    by_district = {r["code"]: r for r in build_report(unit=city, period=YEAR, cut="legacy")["breakdown"]["rows"]}
    assert by_district["916"]["detected"] == 3 and by_district["916"]["cleared"] == 2
    assert by_district["916"]["accidents"] == 2
    o_mon = unit("31153").parent.code
    assert by_district[o_mon]["detected"] == 1
    assert len([r for r in by_district.values() if r["level"] == "district"]) >= 9
    by_ward = {(r["code"], r["era"]): r for r in build_report(unit=city, period=YEAR, cut="2025")["breakdown"]["rows"]}
    assert by_ward[("31120", "2025")]["detected"] == 1  # old An Hòa became the 2025 ward 31120
    assert by_ward[("31135", "2025")]["detected"] == 2


def test_monthly_trend_adds_up(city_records, city):
    report = build_report(unit=city, period=YEAR)
    months = report["monthly"]
    assert len(months) == 12
    assert months[0]["detected"] == 1 and months[0]["accidents"] == 1  # police month 1 from 15/12/2024
    assert months[-1]["detected"] == 1 and months[-1]["accidents"] == 1  # 14/12/2025
    assert sum(m["detected"] for m in months) == report["crime"]["detected"]


def test_suspects_arrested_and_prosecuted_by_their_own_dates(city_records, city):
    crime = build_report(unit=city, period=YEAR)["crime"]
    assert (crime["suspects_arrested"], crime["suspects_prosecuted"]) == (3, 2)
    assert (crime["previous"]["suspects_arrested"], crime["previous"]["suspects_prosecuted"]) == (1, 0)
    assert crime["change"]["suspects_arrested"] == 2.0
    assert crime["change"]["suspects_prosecuted"] is None


def test_operations_broken_up_in_the_period_by_lead_unit(city_records, city):
    crime = build_report(unit=city, period=YEAR)["crime"]
    assert (crime["operations_broken"], crime["previous"]["operations_broken"]) == (2, 1)
    district = build_report(unit=unit("916", "legacy", "district"), period=YEAR)["crime"]
    assert district["operations_broken"] == 1  # its own; the city's plan is not the district's
    assert district["suspects_arrested"] == 3  # An Hòa's two and Phường Ninh Kiều's one
    ward = build_report(unit=unit("31120"), period=YEAR)["crime"]
    assert (ward["suspects_arrested"], ward["suspects_prosecuted"], ward["operations_broken"]) == (2, 2, 0)
