"""Who sees which case: pages and API go through the one jurisdiction filter, and are audited."""

from __future__ import annotations

from datetime import date

import pytest

from congan.org.models import AuditEntry
from tests.cases.factories import CaseFactory
from tests.org.factories import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def anhoa_case(db):
    return CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1), case_number="HS-ANHOA")


def test_ward_officer_sees_own_case_in_list_detail_and_api(client_for, anhoa, anhoa_case):
    client = client_for(anhoa)
    assert "HS-ANHOA" in client.get("/cases/").text
    assert "HS-ANHOA" in client.get(f"/cases/{anhoa_case.pk}/").text
    assert [c["case_number"] for c in client.get("/api/cases/cases").json()] == ["HS-ANHOA"]
    assert client.get(f"/api/cases/cases/{anhoa_case.pk}").json()["unit_code"] == "31120"
    actions = list(AuditEntry.objects.filter(object_type="cases.Case").values_list("action", flat=True))
    assert actions == ["list", "view", "list", "view"]


def test_outsider_gets_nothing(client_for, chauvanliem, anhoa_case):
    client = client_for(chauvanliem)
    assert "HS-ANHOA" not in client.get("/cases/").text
    assert client.get(f"/cases/{anhoa_case.pk}/").status_code == 404
    assert client.get(f"/cases/{anhoa_case.pk}/edit/").status_code == 404
    assert client.get("/api/cases/cases").json() == []
    assert client.get(f"/api/cases/cases/{anhoa_case.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_id=str(anhoa_case.pk)).count() == 3


def test_2025_ward_police_hold_the_old_wards_cases(client_for, ninhkieu2025):
    old = CaseFactory(unit_code="31135", detected_on=date(2024, 5, 1), case_number="HS-TANAN")  # old Tân An → 2025 Ninh Kiều
    other = CaseFactory(unit_code="31153", detected_on=date(2024, 5, 1), case_number="HS-OMON")
    client = client_for(ninhkieu2025)
    assert client.get(f"/cases/{old.pk}/").status_code == 200
    assert client.get(f"/cases/{other.pk}/").status_code == 404


def test_auditor_is_forbidden(client_for, kiemtra, anhoa_case):
    client = client_for(kiemtra)
    assert client.get("/cases/").status_code == 403
    assert client.get(f"/cases/{anhoa_case.pk}/").status_code == 403
    assert client.get("/api/cases/cases").status_code == 403
    assert client.get(f"/api/cases/cases/{anhoa_case.pk}").status_code == 403


def test_anonymous_is_sent_to_login_and_api_answers_401(client, anhoa_case):
    assert client.get("/cases/").status_code == 302
    assert client.get("/api/cases/cases").status_code == 401


def test_list_filters_by_unit_and_period(client_for, ninhkieu):
    CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1), case_number="HS-MAR")
    CaseFactory(unit_code="31120", detected_on=date(2024, 6, 1), case_number="HS-JUN")
    CaseFactory(unit_code="31144", detected_on=date(2024, 3, 5), case_number="HS-XK")
    client = client_for(ninhkieu)

    anhoa = unit("31120")
    text = client.get(f"/cases/?unit={anhoa.pk}&start=2024-02-15&end=2024-03-14").text
    assert "HS-MAR" in text and "HS-JUN" not in text and "HS-XK" not in text
    rows = client.get("/api/cases/cases?unit_code=916&era=legacy&start=2024-02-15&end=2024-03-14").json()
    assert sorted(r["case_number"] for r in rows) == ["HS-MAR", "HS-XK"]


def test_api_refuses_a_unit_outside_the_area(client_for, chauvanliem):
    assert client_for(chauvanliem).get("/api/cases/cases?unit_code=916&era=legacy").status_code == 404


def test_openapi_lists_the_case_paths(client_for, anhoa):
    paths = client_for(anhoa).get("/api/openapi.json").json()["paths"]
    assert "/api/cases/cases" in paths and "/api/cases/cases/{pk}" in paths
