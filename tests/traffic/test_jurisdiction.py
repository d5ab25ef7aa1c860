"""Who sees which accident, on pages and in the API."""

from __future__ import annotations

from datetime import date

import pytest

from congan.org.models import AuditEntry
from tests.org.factories import unit
from tests.traffic.factories import AccidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anhoa_accident(db):
    return AccidentFactory(unit_code="31120", occurred_on=date(2024, 3, 1), accident_number="TN-ANHOA", injuries=1)


def test_ward_officer_sees_own_accident(client_for, anhoa, anhoa_accident):
    client = client_for(anhoa)
    assert "TN-ANHOA" in client.get("/traffic/").text
    assert "TN-ANHOA" in client.get(f"/traffic/{anhoa_accident.pk}/").text
    assert [a["accident_number"] for a in client.get("/api/traffic/accidents").json()] == ["TN-ANHOA"]
    assert client.get(f"/api/traffic/accidents/{anhoa_accident.pk}").json()["severity"] == "serious"
    actions = list(AuditEntry.objects.filter(object_type="traffic.Accident").values_list("action", flat=True))
    assert actions == ["list", "view", "list", "view"]


def test_outsider_gets_nothing(client_for, chauvanliem, anhoa_accident):
    client = client_for(chauvanliem)
    assert "TN-ANHOA" not in client.get("/traffic/").text
    assert client.get(f"/traffic/{anhoa_accident.pk}/").status_code == 404
    assert client.get(f"/traffic/{anhoa_accident.pk}/edit/").status_code == 404
    assert client.post(f"/traffic/{anhoa_accident.pk}/casualties/", {"outcome": "killed"}).status_code == 404
    assert client.get("/api/traffic/accidents").json() == []
    assert client.get(f"/api/traffic/accidents/{anhoa_accident.pk}").status_code == 404


def test_auditor_is_forbidden(client_for, kiemtra, anhoa_accident):
    client = client_for(kiemtra)
    assert client.get("/traffic/").status_code == 403
    assert client.get(f"/traffic/{anhoa_accident.pk}/").status_code == 403
    assert client.get("/api/traffic/accidents").status_code == 403
    assert client.get(f"/api/traffic/accidents/{anhoa_accident.pk}").status_code == 403


def test_list_filters_by_unit_and_period(client_for, ninhkieu):
    AccidentFactory(unit_code="31120", occurred_on=date(2024, 3, 1), accident_number="TN-MAR", injuries=1)
    AccidentFactory(unit_code="31120", occurred_on=date(2024, 6, 1), accident_number="TN-JUN", injuries=1)
    AccidentFactory(unit_code="31144", occurred_on=date(2024, 3, 5), accident_number="TN-XK", injuries=1)
    client = client_for(ninhkieu)
    text = client.get(f"/traffic/?unit={unit('31120').pk}&start=2024-02-15&end=2024-03-14").text
    assert "TN-MAR" in text and "TN-JUN" not in text and "TN-XK" not in text
    rows = client.get("/api/traffic/accidents?unit_code=916&era=legacy&end=2024-03-14").json()
    assert sorted(r["accident_number"] for r in rows) == ["TN-MAR", "TN-XK"]


def test_openapi_lists_the_accident_paths(client_for, anhoa):
    paths = client_for(anhoa).get("/api/openapi.json").json()["paths"]
    assert "/api/traffic/accidents" in paths and "/api/traffic/accidents/{pk}" in paths
