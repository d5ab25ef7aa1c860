"""The home page's dashboard: the user's area to date against the same days last year and the
target, each figure the report's own and linked to the records behind it; the work waiting."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from congan import units as unitdata
from congan.reports import dashboard, periods, services
from congan.reports.render import sparkline
from congan.reports.views import visible_unit_ids
from tests.campaigns.factories import WantedFactory
from tests.cases.factories import CaseFactory
from tests.registry.factories import PersonFactory, application
from tests.traffic.factories import AccidentFactory

LEGACY = unitdata.LEGACY


def _year_before(day: date) -> date:
    return periods.previous(periods.custom(day, day)).start


@pytest.fixture
def recent(db):
    """Records dated today (inside every period to date) and a year earlier, in An Hòa and Ô Môn."""
    today = date.today()
    last = _year_before(today)
    CaseFactory(detected_on=today, cleared_on=today, severity="rat_nghiem_trong", unit_code="31120", era=LEGACY)
    CaseFactory(detected_on=today, unit_code="31120", era=LEGACY)
    CaseFactory(detected_on=last, cleared_on=last, unit_code="31120", era=LEGACY)
    CaseFactory(detected_on=today, unit_code="31153", era=LEGACY)
    AccidentFactory(occurred_on=today, injuries=2, unit_code="31120", era=LEGACY)
    AccidentFactory(occurred_on=last, deaths=1, unit_code="31120", era=LEGACY)
    AccidentFactory(occurred_on=today, deaths=3, unit_code="31153", era=LEGACY)
    waiting = today - timedelta(days=40)
    for code in ("31120", "31153"):
        person = PersonFactory(unit_code=code, full_name=f"Người chờ thẻ {code}")
        application(person, [("collected", waiting)], unit_code=code)
        PersonFactory(unit_code=code)
        WantedFactory(listed_on=waiting, unit_code=code, era=LEGACY)
    handed = PersonFactory(unit_code="31120")
    application(handed, [("collected", waiting), ("sent_for_production", waiting), ("produced", waiting),
                         ("handed_over", waiting)])
    return today


def _report(user, kind: str, today: date) -> dict:
    unit, _ids = dashboard.area(user)
    ids = services.report_unit_ids(unit) & visible_unit_ids(user)
    return services.build_report(unit=unit, period=periods.to_date(today)[kind], unit_ids=ids,
                                 previous_as_filed=False)


def _assert_equals_reports(board: dict, user, today: date) -> None:
    for block in board["periods"]:
        report = _report(user, block["kind"], today)
        f = block["figures"]
        crime, traffic = report["crime"], report["traffic"]
        assert f["crime.clearance_rate"]["value"] == crime["clearance_rate"]
        assert f["crime.clearance_rate"]["previous"] == crime["previous"]["clearance_rate"]
        assert f["crime.clearance_rate"]["target"] == crime["target_clearance_rate"]
        assert f["crime.serious_detected"]["value"] == crime["serious_detected"]
        assert f["crime.serious_clearance_rate"]["value"] == crime["serious_clearance_rate"]
        for key in ("accidents", "deaths", "injuries"):
            assert f[f"traffic.{key}"]["value"] == traffic[key]
            assert f[f"traffic.{key}"]["previous"] == traffic["previous"][key]
    report = _report(user, periods.POLICE_YEAR, today)
    standing = board["standing"]
    assert standing["id_cards.collection_rate"]["value"] == report["id_cards"]["collection_rate"]
    assert standing["id_cards.collection_rate"]["denominator"] == report["id_cards"]["eligible"]
    assert standing["population_data.cleansing_rate"]["value"] == report["population_data"]["cleansing_rate"]


def test_a_ward_officer_sees_the_ward_only_and_the_reports_figures(recent, anhoa):
    board = dashboard.build(anhoa, today=recent)
    assert board["unit"]["code"] == "31120"
    assert [p["kind"] for p in board["periods"]] == ["police_month", "police_half", "police_year"]
    month = board["periods"][0]["figures"]
    # An Hòa: two cases today (one cleared, serious), one a year ago; Ô Môn's case and deaths not counted
    assert month["crime.clearance_rate"]["value"] == 0.5 and month["crime.clearance_rate"]["denominator"] == 2
    assert month["crime.clearance_rate"]["previous"] == 1.0
    assert month["traffic.deaths"]["value"] == 0 and month["traffic.deaths"]["previous"] == 1
    assert month["traffic.injuries"]["value"] == 2
    assert board["standing"]["id_cards.collection_rate"]["denominator"] == 3  # An Hòa's three adults
    _assert_equals_reports(board, anhoa, recent)


def test_the_city_leaders_figures_are_the_city_reports(recent, lanhdao):
    board = dashboard.build(lanhdao, today=recent)
    assert board["unit"]["level"] == unitdata.PROVINCE
    assert board["periods"][2]["figures"]["crime.clearance_rate"]["denominator"] == 3
    assert board["periods"][2]["figures"]["traffic.deaths"]["value"] == 3
    _assert_equals_reports(board, lanhdao, recent)


def test_every_figure_links_to_a_drill_down_listing_it(recent, anhoa, client_for):
    client = client_for(anhoa)
    board = dashboard.build(anhoa, today=recent)
    for block in board["periods"]:
        for key, figure in block["figures"].items():
            response = client.get(figure["url"])
            assert response.status_code == 200, (key, figure["url"])
            if key == "crime.clearance_rate":
                assert response.context["total"] == figure["denominator"]
            elif key in ("crime.serious_detected", "traffic.accidents"):
                assert response.context["total"] == figure["value"]
    for key, figure in board["standing"].items():
        assert client.get(figure["url"]).status_code == 200, key
    for item in board["work"]:
        assert client.get(item["url"]).status_code == 200, item["key"]


def test_the_work_waiting_for_a_ward_officer(recent, anhoa, client_for):
    work = {w["key"]: w for w in dashboard.build(anhoa, today=recent)["work"]}
    assert {k: w["count"] for k, w in work.items()} == {
        "review_pairs": 0, "id_card_steps_overdue": 1, "wanted_at_large": 1}
    page = client_for(anhoa).get(work["id_card_steps_overdue"]["url"]).content.decode()
    assert "Người chờ thẻ 31120" in page and "Người chờ thẻ 31153" not in page
    wanted = client_for(anhoa).get(work["wanted_at_large"]["url"])
    assert [w.status for w in wanted.context["page"]] == ["listed"]


def test_the_auditor_sees_figures_without_records(recent, kiemtra, client_for):
    from congan.org import audit

    audit.record(action=audit.Action.IMPORT, object_type="cases", object_id="a.csv",
                 detail={"rows": 3, "stored": 0, "rejects": 2})
    audit.record(action=audit.Action.IMPORT, object_type="cases", object_id="b.csv",
                 detail={"rows": 3, "stored": 3, "rejects": 0})
    board = dashboard.build(kiemtra, today=recent)
    assert board["periods"] and all(f["url"] == "" for p in board["periods"] for f in p["figures"].values())
    assert [(w["key"], w["count"]) for w in board["work"]] == [("imports_with_rejects", 1)]
    listed = client_for(kiemtra).get(board["work"][0]["url"])
    assert listed.status_code == 200 and "a.csv" in listed.content.decode()


def test_the_json_equals_the_page(recent, anhoa, client_for):
    client = client_for(anhoa)
    page = client.get("/")
    api = client.get("/api/reports/dashboard")
    assert page.status_code == 200 and api.status_code == 200
    shown = page.context["dashboard"]
    data = api.json()
    assert data["on"] == recent.isoformat()
    assert len(shown["rows"]) == 6 and len(data["periods"]) == 3
    assert json.loads(json.dumps(dashboard.build(anhoa, today=recent))) == data
    body = page.content.decode()
    for block in data["periods"]:
        for figure in block["figures"].values():
            assert figure["url"].replace("&", "&amp;") in body
    assert "<svg class=\"spark\"" in body and "<script" not in body.split("<main", 1)[-1].split("</main>")[0]


def test_signed_out_is_401(db, client):
    assert client.get("/api/reports/dashboard").status_code == 401


def test_the_home_page_in_vietnamese(recent, anhoa, client_for):
    body = client_for(anhoa).get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tháng này (kỳ thống kê)" in body and "Việc đang chờ anh/chị" in body


def test_sparkline_breaks_at_a_missing_value():
    runs = sparkline.points([0.5, None, 0.25, 1.0])
    assert len(runs) == 2 and len(runs[0]) == 1 and len(runs[1]) == 2
    assert sparkline.points([None, None]) == []
    svg = str(sparkline.svg([1, 2, 3], "x <y>"))
    assert svg.startswith("<svg") and "x &lt;y&gt;" in svg and "<polyline" in svg


@pytest.mark.parametrize(("day", "month", "half", "year"), [
    (date(2026, 12, 7), (date(2026, 11, 15), 12), (date(2026, 6, 15), 2), 2026),
    (date(2026, 12, 15), (date(2026, 12, 15), 1), (date(2026, 12, 15), 1), 2027),
    (date(2026, 6, 14), (date(2026, 5, 15), 6), (date(2025, 12, 15), 1), 2026),
])
def test_periods_to_date(day, month, half, year):
    found = periods.to_date(day)
    assert (found["police_month"].start, found["police_month"].number) == month
    assert (found["police_half"].start, found["police_half"].number) == half
    assert found["police_year"].year == year and all(p.end == day for p in found.values())
    assert periods.previous(found["police_year"]).end == _year_before(day)
