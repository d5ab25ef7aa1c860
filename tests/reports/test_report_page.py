"""The report page: pick a unit and a period, see the figures, follow a figure to its records."""

import re
from html import unescape

import pytest

from congan.org.models import AuditEntry
from tests.org.factories import unit


def _page(client, unit_id, **params):
    query = {"unit": unit_id, "kind": "police_year", "year": 2025, **params}
    return client.get("/reports/", query)


def _links(html: str, kpi: str) -> list[tuple[str, str]]:
    return [(unescape(href), text) for href, text in
            re.findall(rf'<a href="([^"]+)" data-kpi="{re.escape(kpi)}">([^<]+)</a>', html)]


def test_city_leader_sees_the_figures_of_the_city(city_records, client_for, lanhdao):
    response = _page(client_for(lanhdao), unit("92", "2025", "province").id)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thành phố Cần Thơ" in html
    assert _links(html, "crime.detected")[0][1] == "4"
    assert _links(html, "crime.cleared")[0][1] == "2"
    assert "50,00%" in html  # the clear-up rate, Vietnamese format
    assert "<svg" in html and "chart-monthly" in html
    assert AuditEntry.objects.filter(actor=lanhdao, object_type="reports.Report", action="view").exists()


def test_a_figure_links_to_exactly_its_records(city_records, client_for, lanhdao):
    client = client_for(lanhdao)
    html = _page(client, unit("92", "2025", "province").id).content.decode()
    href, shown = _links(html, "crime.cleared")[0]
    records = client.get(href)
    assert records.status_code == 200
    body = records.content.decode()
    assert re.search(r'id="records-total">2<', body)
    assert body.count("VA-") == int(shown)
    entry = AuditEntry.objects.filter(actor=lanhdao, action="list").latest("id")
    assert entry.detail["report_figure"] == "crime.cleared" and len(entry.detail["ids"]) == 2


def test_a_sum_figure_drills_to_the_records_it_adds_up(city_records, client_for, lanhdao):
    client = client_for(lanhdao)
    html = _page(client, unit("92", "2025", "province").id).content.decode()
    href, shown = next((h, t) for h, t in _links(html, "weapons.quantity") if "ammunition_round" in h)
    assert shown == "200"
    body = client.get(href).content.decode()
    assert re.search(r'id="records-sum">200<', body)
    assert re.search(r'id="records-total">2<', body)


def test_breakdown_rows_drill_to_their_units(city_records, client_for, lanhdao):
    client = client_for(lanhdao)
    html = _page(client, unit("92", "2025", "province").id, cut="legacy").content.decode()
    hrefs = [h for h, t in _links(html, "crime.detected") if "bucket=" in h and t == "3"]
    assert len(hrefs) == 1  # Quận Ninh Kiều
    body = client.get(hrefs[0]).content.decode()
    assert "Quận Ninh Kiều" in body and re.search(r'id="records-total">3<', body)


def test_a_ward_officer_cannot_report_on_another_ward(city_records, client_for, anhoa):
    client = client_for(anhoa)
    other = unit("31153")
    assert _page(client, other.id).status_code == 404
    assert AuditEntry.objects.filter(actor=anhoa, action="denied").exists()
    drill = client.get("/reports/records/", {"kpi": "crime.detected", "unit": other.id,
                                              "start": "2024-12-15", "end": "2025-12-14"})
    assert drill.status_code == 404
    assert client.get("/reports/download/json/", {"unit": other.id, "kind": "police_year", "year": 2025}).status_code == 404


def test_a_ward_officer_reports_on_their_own_ward(city_records, client_for, anhoa):
    html = _page(client_for(anhoa), unit("31120").id).content.decode()
    assert _links(html, "crime.detected")[0][1] == "1"  # only An Hòa's case of 15/12/2024


def test_the_auditor_sees_figures_but_not_records(city_records, client_for, kiemtra):
    client = client_for(kiemtra)
    html = _page(client, unit("92", "2025", "province").id).content.decode()
    assert "Thành phố Cần Thơ" in html and 'data-kpi="crime.detected"' not in html
    drill = client.get("/reports/records/", {"kpi": "crime.detected", "unit": unit("92", "2025", "province").id,
                                              "start": "2024-12-15", "end": "2025-12-14"})
    assert drill.status_code == 403


@pytest.mark.parametrize("kind,params", [("police_half", {"number": 1}), ("police_month", {"number": 12}),
                                         ("calendar_year", {}), ("custom", {"start": "2025-01-01",
                                                                            "end": "2025-03-31"})])
def test_every_kind_of_period_can_be_picked(city_records, client_for, lanhdao, kind, params):
    response = _page(client_for(lanhdao), unit("92", "2025", "province").id, kind=kind, **params)
    assert response.status_code == 200 and 'id="report"' in response.content.decode()


def test_an_incomplete_period_is_an_error_on_the_form(db, client_for, lanhdao):
    response = _page(client_for(lanhdao), unit("92", "2025", "province").id, kind="custom")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="report"' not in html and "ngày bắt đầu và ngày kết thúc cho khoảng tùy chọn" in html


def test_the_page_in_english_formats_numbers_the_english_way(city_records, client_for, lanhdao):
    client = client_for(lanhdao)
    client.cookies["django_language"] = "en"
    html = _page(client, unit("92", "2025", "province").id).content.decode()
    assert "50.00%" in html and "Police statistical year 2025" in html


@pytest.mark.parametrize(("kpi", "count", "marker"), [
    ("crime.suspects_arrested", 3, "Bị can"), ("crime.suspects_prosecuted", 2, "Bị can"),
    ("crime.operations_broken", 2, "CA-")])
def test_people_and_plans_drill_to_exactly_their_records(city_records, client_for, lanhdao, kpi, count, marker):
    client = client_for(lanhdao)
    html = _page(client, unit("92", "2025", "province").id).content.decode()
    href, shown = _links(html, kpi)[0]
    assert shown == str(count)
    body = client.get(href).content.decode()
    assert re.search(rf'id="records-total">{count}<', body)
    entry = AuditEntry.objects.filter(actor=lanhdao, action="list").latest("id")
    assert entry.detail["report_figure"] == kpi and len(entry.detail["ids"]) == count
