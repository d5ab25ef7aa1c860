"""Parameters that used to end in a server error: each is refused with a 4xx that says what is
wrong (the API a 422 naming the parameter, a page a 400 in Vietnamese), and nothing is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from congan import datebounds
from congan.org.models import AuditEntry
from congan.reports import periods
from tests.campaigns.factories import ReceiptFactory, WantedFactory
from tests.cases.factories import CaseFactory
from tests.traffic.factories import AccidentFactory

PAST_2_63 = str(2**63)
LISTS = ("/api/cases/cases", "/api/traffic/accidents", "/api/campaigns/receipts", "/api/campaigns/wanted",
         "/api/dataquality/queue")
DATE_MESSAGE = "Hãy nhập ngày trong khoảng từ 01/01/1900 đến 31/12/2100."


def refused(response, parameter: str) -> str:
    """The API's 422, checked to name `parameter`; its message."""
    assert response.status_code == 422, response.content
    problems = response.json()["detail"]
    assert [p for p in problems if p["loc"][-1] == parameter], problems
    return " ".join(p["msg"] for p in problems)


@pytest.fixture
def city(client_for, lanhdao):
    return client_for(lanhdao)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", ["-1", PAST_2_63])
def test_an_offset_out_of_range_is_refused_on_every_list(city, path, offset):
    before = AuditEntry.objects.count()
    message = refused(city.get(f"{path}?offset={offset}"), "offset")
    assert "greater than or equal to 0" in message or "less than or equal to 1000000000" in message
    assert AuditEntry.objects.count() == before


def test_the_last_offset_in_range_is_served(city):
    assert city.get("/api/cases/cases?offset=1000000000").json() == []


@pytest.mark.parametrize("path", ["/api/cases/cases/", "/api/registry/people/", "/api/campaigns/wanted/",
                                  "/api/dataquality/pairs/"])
def test_an_id_past_2_63_is_refused(city, path):
    assert "less than or equal to 9223372036854775807" in refused(city.get(path + PAST_2_63), "pk")


def test_an_id_in_a_query_past_2_63_is_refused(city):
    refused(city.get(f"/api/campaigns/receipts?campaign={PAST_2_63}"), "campaign")
    refused(city.get(f"/api/campaigns/inventory?campaign={PAST_2_63}"), "campaign")


@pytest.mark.parametrize("year", ["0", "1", "10000"])
@pytest.mark.parametrize("calendar", ["false", "true"])
def test_a_report_year_out_of_range_is_refused(city, year, calendar):
    before = AuditEntry.objects.count()
    refused(city.get(f"/api/reports/report?unit=92&year={year}&calendar={calendar}"), "year")
    assert AuditEntry.objects.count() == before


def test_the_first_and_last_report_years_are_served(city):
    for year in (datebounds.MIN_YEAR, datebounds.MAX_YEAR):
        report = city.get(f"/api/reports/report?unit=92&year={year}&half=1").json()
        assert report["period"] == periods.police_half(year, 1).as_dict()


def test_a_report_half_other_than_1_or_2_is_refused(city):
    refused(city.get("/api/reports/report?unit=92&year=2024&half=3"), "half")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "0", "1899-12-31", "2101-01-01"])
def test_an_id_card_day_out_of_range_is_refused_by_the_api(city, day):
    refused(city.get(f"/api/registry/id-cards/collection?unit=92&era=2025&end={day}"), "end")
    refused(city.get(f"/api/registry/id-cards/collection?unit=92&era=2025&end=2025-01-01&start={day}"), "start")
    refused(city.get(f"/api/registry/id-cards/wards?end={day}"), "end")
    refused(city.get(f"/api/cases/cases?start={day}"), "start")


def test_the_id_card_page_refuses_a_day_out_of_range_with_a_message(city):
    before = AuditEntry.objects.count()
    for day in ("0001-01-01", "9999-12-31"):
        response = city.get(f"/registry/id-cards/?end={day}")
        assert response.status_code == 400
        assert DATE_MESSAGE in response.content.decode()
    assert AuditEntry.objects.count() == before
    assert city.get("/registry/id-cards/?end=2100-12-31").status_code == 200


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "2024-01-01"), ("2024-01-01", "9999-12-31")])
def test_the_report_page_refuses_a_day_out_of_range_with_a_message(city, lanhdao, start, end):
    before = AuditEntry.objects.count()
    response = city.get(f"/reports/?unit={lanhdao.unit.admin_unit_id}&kind=custom&start={start}&end={end}")
    assert response.status_code == 400
    assert DATE_MESSAGE in response.content.decode()
    assert "report" not in response.context or response.context.get("report") is None
    assert AuditEntry.objects.count() == before


def test_the_report_page_still_serves_a_range_inside_the_bounds(city, lanhdao):
    response = city.get(f"/reports/?unit={lanhdao.unit.admin_unit_id}&kind=custom&start=1900-01-01&end=1900-12-31")
    assert response.status_code == 200
    assert response.context["report"]["period"] == {"start": "1900-01-01", "end": "1900-12-31"}


def test_a_drill_down_out_of_range_is_refused_with_a_message(city, lanhdao):
    response = city.get(f"/reports/records/?kpi=crime.detected&unit={lanhdao.unit.admin_unit_id}"
                        "&start=0001-01-01&end=9999-12-31")
    assert response.status_code == 400
    assert "01/01/1900" in response.content.decode()


@pytest.mark.parametrize("path", ["/cases/", "/cases/operations/", "/traffic/", "/campaigns/weapons/",
                                  "/campaigns/wanted/"])
def test_a_list_page_refuses_a_day_out_of_range_with_a_message(city, path):
    CaseFactory()
    AccidentFactory()
    ReceiptFactory()
    WantedFactory()
    before = AuditEntry.objects.count()
    response = city.get(f"{path}?start=0001-01-01&end=9999-12-31")
    assert response.status_code == 400
    assert DATE_MESSAGE in response.content.decode()
    assert not response.context["page"].object_list
    assert AuditEntry.objects.count() == before
    assert city.get(f"{path}?start=1900-01-01&end=2100-12-31").status_code == 200


def test_a_100000_character_search_word_is_refused(city):
    before = AuditEntry.objects.count()
    word = "a" * 100_000
    assert "at most 120 characters" in refused(city.get(f"/api/registry/people?q={word}"), "q")
    page = city.get(f"/registry/?q={word}")
    assert page.status_code == 400
    assert "120" in page.content.decode()
    assert AuditEntry.objects.count() == before


def test_periods_refuse_a_year_or_day_out_of_range_and_still_compare_the_first_year():
    for year in (0, 1, 1899, 2101, 10000):
        with pytest.raises(datebounds.OutOfRange, match="years run from 1900 to 2100"):
            periods.make(periods.POLICE_YEAR, year=year)
    with pytest.raises(datebounds.OutOfRange):
        periods.make(periods.CUSTOM, start=date(1, 1, 1), end=date(2024, 1, 1))
    first = periods.make(periods.POLICE_YEAR, year=1900)
    assert periods.previous(first).as_dict() == {"start": "1898-12-15", "end": "1899-12-14"}


def test_the_report_command_says_what_is_wrong_with_a_year(db):
    with pytest.raises(CommandError, match="years run from 1900 to 2100, not 10000"):
        call_command("report", "--year", "10000", "--unit", "92")


def test_the_cleansing_rate_page_refuses_an_unknown_unit_structure(city):
    before = AuditEntry.objects.count()
    response = city.get("/dataquality/rates/?era=1999")
    assert response.status_code == 400
    assert "1999" in response.content.decode()  # Django's own "not one of the available choices"
    assert AuditEntry.objects.count() == before
    assert city.get("/dataquality/rates/?era=2025").status_code == 200


@pytest.mark.parametrize("url", ["/api/registry/people?q=a%00b", "/api/dataquality/stats?unit=%00",
                                 "/api/campaigns/wanted?status=%00", "/api/cases/cases?unit_code=%00",
                                 "/api/reports/report?unit=%00&year=2024"])
def test_a_nul_character_in_an_api_query_is_refused(city, url):
    """PostgreSQL cannot compare text holding NUL: every one of these was a server error there."""
    before = AuditEntry.objects.count()
    response = city.get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": "a query parameter holds a NUL character"}
    assert AuditEntry.objects.count() == before


def test_a_nul_character_in_a_page_query_is_refused_with_the_sites_400_page(city, lanhdao):
    response = city.get(f"/reports/records/?kpi=crime.detected&unit={lanhdao.unit.admin_unit_id}"
                        "&start=2024-01-01&end=2024-12-31&category=%00")
    assert response.status_code == 400
    assert 'lang="vi"' in response.content.decode()


def test_a_nul_character_in_a_decision_reason_is_refused_and_nothing_is_decided(city):
    from congan.dataquality.models import CleansingRun, ReviewPair, RunStatus
    from tests.registry.factories import PersonFactory

    run = CleansingRun.objects.create(status=RunStatus.FINISHED, lower=0.5, upper=0.9)
    pair = ReviewPair.objects.create(run=run, left=PersonFactory(), right=PersonFactory(), probability=0.7)
    response = city.post(f"/api/dataquality/pairs/{pair.pk}/decision",
                         data={"merge": False, "reason": "a\x00b"}, content_type="application/json")
    refused(response, "reason")
    pair.refresh_from_db()
    assert pair.status == "pending"
