"""Every register's list endpoint searches, filters and sorts as its page does, from the same list
definition (`RecordList.api_params`): inside the user's area only, names (sealed in the database)
found with or without diacritics, a sort or a filter value the list does not offer refused with
the values it does (422), and what was asked on the audit trail with the typed text kept hashed."""

from __future__ import annotations

from datetime import date

import pytest

from congan.cases.models import Severity
from congan.org.models import AuditEntry
from tests.campaigns.factories import WantedFactory
from tests.cases.factories import CaseFactory, SuspectFactory
from tests.traffic.factories import AccidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    serious = CaseFactory(case_number="VA-API-1", severity=Severity.RAT_NGHIEM_TRONG, detected_on=date(2024, 3, 5))
    light = CaseFactory(case_number="VA-API-2", severity=Severity.IT_NGHIEM_TRONG, detected_on=date(2024, 2, 1))
    cleared = CaseFactory(case_number="VA-API-3", severity=Severity.RAT_NGHIEM_TRONG, detected_on=date(2024, 4, 1),
                          cleared_on=date(2024, 5, 1))
    elsewhere = CaseFactory(case_number="VA-API-9", unit_code="31153", severity=Severity.RAT_NGHIEM_TRONG)
    return serious, light, cleared, elsewhere


def _numbers(response, key="case_number") -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [row[key] for row in response.json()]


def test_cases_are_filtered_and_sorted_as_on_the_page_inside_the_area(client_for, anhoa, cases):
    client = client_for(anhoa)
    assert _numbers(client.get("/api/cases/cases", {"severity": Severity.RAT_NGHIEM_TRONG})) == ["VA-API-3", "VA-API-1"]
    assert _numbers(client.get("/api/cases/cases", {"sort": "detected_on"})) == ["VA-API-2", "VA-API-1", "VA-API-3"]
    assert _numbers(client.get("/api/cases/cases", {"sort": "-case_number", "status": "cleared"})) == ["VA-API-3"]
    entry = AuditEntry.objects.filter(action="list", object_type="cases.Case").latest("id")
    assert entry.detail["api"] is True and entry.detail["filters"] == {"status": "cleared", "sort": "-case_number"}


def test_a_case_is_found_by_a_suspects_name_without_diacritics_and_the_text_is_kept_hashed(client_for, anhoa, cases):
    SuspectFactory(case=cases[1], full_name="Trần Thị Bưởi")
    SuspectFactory(case=cases[3], full_name="Trần Thị Bưởi")  # Ô Môn: not anhoa's
    client = client_for(anhoa)
    assert _numbers(client.get("/api/cases/cases", {"q": "tran thi buoi"})) == ["VA-API-2"]
    entry = AuditEntry.objects.filter(action="list", object_type="cases.Case").latest("id")
    assert "buoi" not in str(entry.detail) and entry.detail["query"]
    assert _numbers(client.get("/api/cases/cases", {"q": "api-3"})) == ["VA-API-3"]


@pytest.mark.parametrize(("query", "named"), [
    ({"sort": "summary"}, "sort"),
    ({"sort": "-"}, "sort"),
    ({"severity": "very_bad"}, "severity"),
    ({"status": "closed"}, "status"),
])
def test_a_sort_or_filter_the_list_does_not_offer_is_refused_with_the_values_it_does(client_for, anhoa, cases,
                                                                                      query, named):
    before = AuditEntry.objects.filter(action="list").count()
    response = client_for(anhoa).get("/api/cases/cases", query)
    assert response.status_code == 422
    text = str(response.json())
    assert named in text and ("detected_on" in text or "rat_nghiem_trong" in text or "cleared" in text), text
    assert AuditEntry.objects.filter(action="list").count() == before, "nothing listed, nothing audited"


def test_wanted_persons_are_found_by_name_without_diacritics_and_filtered(client_for, anhoa):
    WantedFactory(full_name="Lê Văn Tám", wanted_number="TNA-1", dangerous=True)
    WantedFactory(full_name="Phạm Thị Hoa", wanted_number="TNA-2", dangerous=False)
    WantedFactory(full_name="Lê Văn Tám", wanted_number="TNA-9", unit_code="31153")  # Ô Môn
    client = client_for(anhoa)
    assert _numbers(client.get("/api/campaigns/wanted", {"q": "le van tam"}), "wanted_number") == ["TNA-1"]
    assert _numbers(client.get("/api/campaigns/wanted", {"dangerous": "false"}), "wanted_number") == ["TNA-2"]
    assert _numbers(client.get("/api/campaigns/wanted", {"sort": "-wanted_number"}), "wanted_number") == [
        "TNA-2", "TNA-1"]
    assert client.get("/api/campaigns/wanted", {"status": "lost"}).status_code == 422


def test_accidents_are_filtered_by_severity_and_sorted_by_deaths(client_for, anhoa):
    AccidentFactory(accident_number="TN-API-1", deaths=2)
    AccidentFactory(accident_number="TN-API-2", deaths=0, injuries=1)
    client = client_for(anhoa)
    by_deaths = _numbers(client.get("/api/traffic/accidents", {"sort": "deaths"}), "accident_number")
    assert by_deaths == ["TN-API-2", "TN-API-1"]
    fatal = _numbers(client.get("/api/traffic/accidents", {"severity": "fatal"}), "accident_number")
    assert fatal == ["TN-API-1"]
    assert client.get("/api/traffic/accidents", {"cause": "aliens"}).status_code == 422
