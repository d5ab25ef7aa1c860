"""The review report's population_data block is the cleansing rate of the stored runs."""

from datetime import date

from congan.reports import periods
from congan.reports.services import build_report
from tests.dataquality import factories as dq
from tests.org.factories import unit


def test_the_report_counts_records_the_latest_run_settled(db, model):
    pending_pair = dq.uncertain_pair("31120")
    settled = dq.resident("31120", full_name="Phạm Thị Lan", date_of_birth=date(1990, 1, 9), sex="Nữ")
    dq.run(model)
    dq.resident("31120", full_name="Huỳnh Thị Ngọc", date_of_birth=date(1995, 2, 2), sex="Nữ")  # after the run

    report = build_report(unit=unit("31120"), period=periods.police_year(2025))

    assert settled.pk
    assert len(pending_pair) == 2
    assert report["population_data"] == {"records": 4, "cleaned": 1, "cleansing_rate": 0.25}


def test_a_unit_without_residents_reports_no_rate(db):
    report = build_report(unit=unit("31153"), period=periods.police_year(2025))
    assert report["population_data"] == {"records": 0, "cleaned": 0, "cleansing_rate": None}
