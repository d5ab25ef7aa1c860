"""The cleansing rate on a hand-counted fixture.

An Hòa holds six records after the run: an uncertain pair (2, pending review → not settled),
one whose CCCD says female while the record says male (blocking finding → not settled), two
clean singletons (settled) and one added after the run (never placed → not settled):
2 settled of 6. Xuân Khánh holds one clean record: 1 of 1.
"""

from datetime import date

import pytest

from congan.cleansing.measure import settled_count
from congan.dataquality import services
from congan.dataquality.models import Finding, Membership
from congan.org import jurisdiction
from tests.dataquality import factories as dq
from tests.org.factories import unit


@pytest.fixture
def fixture(db, model):
    pair = dq.uncertain_pair("31120")
    mismatch = dq.resident("31120", full_name="Lê Văn Hải", date_of_birth=date(1979, 6, 2), sex="Nam",
                           id_number="092179000321")
    clean = [dq.resident("31120", full_name="Phạm Thị Lan", date_of_birth=date(1990, 1, 9), sex="Nữ"),
             dq.resident("31120", full_name="Võ Minh Triết", date_of_birth=date(2001, 11, 30), sex="Nam")]
    xuankhanh = dq.resident("31144", full_name="Đỗ Văn Lực", date_of_birth=date(1966, 5, 5), sex="Nam")
    run = dq.run(model)
    late = dq.resident("31120", full_name="Huỳnh Thị Ngọc", date_of_birth=date(1995, 2, 2), sex="Nữ")
    return {"pair": pair, "mismatch": mismatch, "clean": clean, "xuankhanh": xuankhanh, "run": run, "late": late}


def _ward(code):
    return jurisdiction.unit_ids(unit(code).pk)


def test_the_rate_counts_only_settled_records(fixture):
    assert Finding.objects.filter(person=fixture["mismatch"], code="cccd_sex_mismatch", blocking=True).exists()
    assert services.cleansing_stats(unit_ids=_ward("31120")) == {"records": 6, "cleaned": 2, "cleansing_rate": 2 / 6}
    assert services.cleansing_stats(unit_ids=_ward("31144")) == {"records": 1, "cleaned": 1, "cleansing_rate": 1.0}
    district = jurisdiction.unit_ids(unit("916", level="district").pk)
    assert services.cleansing_stats(unit_ids=district) == {"records": 7, "cleaned": 3, "cleansing_rate": 3 / 7}


def test_a_unit_without_records_has_no_rate(fixture):
    assert services.cleansing_stats(unit_ids=_ward("31153")) == {"records": 0, "cleaned": 0, "cleansing_rate": None}


def test_deciding_the_pair_settles_both_records(fixture, anhoa):
    a, b = fixture["pair"]
    services.decide(pair=dq.pair_of(a, b), actor=anhoa, merge=True, reason="cùng cha mẹ", confirmed_differences=True)
    assert services.cleansing_stats(unit_ids=_ward("31120"))["cleaned"] == 4


def test_the_database_count_agrees_with_the_engine_measure(fixture):
    run = fixture["run"]
    a, b = fixture["pair"]
    probability = {str(r): p for r, p in Membership.objects.filter(run=run).values_list("record_id", "match_probability")
                   if r not in (a.pk, b.pk)}
    blocking = {str(fixture["mismatch"].pk): ["cccd_sex_mismatch"]}
    assert settled_count(probability, blocking, threshold=run.upper) == 3 == run.settled
    assert sum(s for _n, s in services.counts_by_unit(unit_ids=_ward("31120") | _ward("31144")).values()) == 3


def test_the_rates_page_and_api_show_ward_district_and_city(fixture, client_for, ninhkieu, lanhdao, anhoa):
    rows = client_for(ninhkieu).get("/api/dataquality/rates").json()
    by_unit = {r["unit"]: r for r in rows}
    assert by_unit["916"] == {"unit": "916", "era": "legacy", "records": 7, "cleaned": 3, "cleansing_rate": 3 / 7}
    assert by_unit["31120"]["cleaned"] == 2 and by_unit["31144"]["cleaned"] == 1
    assert "92" not in by_unit  # a district officer does not see the city's figure
    city = {r["unit"]: r for r in client_for(lanhdao).get("/api/dataquality/rates").json()}["92"]
    assert (city["records"], city["cleaned"]) == (7, 3)
    html = client_for(anhoa).get("/dataquality/rates/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-unit="31120"' in html and 'data-unit="31144"' not in html and "33.3%" in html


def test_the_stats_api_gives_the_report_figures_within_the_jurisdiction(fixture, client_for, anhoa, chauvanliem):
    body = client_for(anhoa).get("/api/dataquality/stats?unit=31120&era=legacy").json()
    assert body == {"unit": "31120", "era": "legacy", "records": 6, "cleaned": 2, "cleansing_rate": 2 / 6}
    assert client_for(chauvanliem).get("/api/dataquality/stats?unit=31120&era=legacy").status_code == 404
