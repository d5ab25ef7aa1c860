"""The statistics office sets targets; a report measures the clear-up rate against them."""

from decimal import Decimal

from congan.org.models import AuditEntry
from congan.reports import periods
from congan.reports.models import Target
from congan.reports.services import build_report
from tests.org.factories import unit


def test_statistics_office_sets_a_target_the_report_uses(city_records, client_for, thongke):
    city = unit("92", "2025", "province")
    client = client_for(thongke)
    assert client.get("/reports/targets/").status_code == 200
    response = client.post("/reports/targets/", {"unit": city.id, "year": 2025, "kpi": "crime.clearance_rate",
                                                  "percent": "40"})
    assert response.status_code == 302
    assert Target.objects.get(unit=city, year=2025, kpi="crime.clearance_rate").value == Decimal("0.4")
    assert AuditEntry.objects.filter(actor=thongke, action="create", object_type="reports.Target").exists()
    crime = build_report(unit=city, period=periods.police_year(2025))["crime"]
    assert crime["target_clearance_rate"] == 0.4 and crime["clearance_vs_target"] == 0.1
    assert "40,00%" in client.get("/reports/targets/").content.decode()
    client.post("/reports/targets/", {"unit": city.id, "year": 2025, "kpi": "crime.clearance_rate", "percent": "80"})
    assert Target.objects.get(unit=city, year=2025, kpi="crime.clearance_rate").value == Decimal("0.8")


def test_officers_cannot_edit_targets(client_for, anhoa, lanhdao):
    assert client_for(anhoa).get("/reports/targets/").status_code == 403
    assert client_for(lanhdao).post("/reports/targets/", {}).status_code == 403


def test_another_units_target_does_not_apply(city_records):
    Target.objects.create(unit=unit("916", "legacy", "district"), year=2025, kpi="crime.clearance_rate",
                          value=Decimal("0.9"))
    city = build_report(unit=unit("92", "2025", "province"), period=periods.police_year(2025))["crime"]
    assert city["target_clearance_rate"] == 0.75
