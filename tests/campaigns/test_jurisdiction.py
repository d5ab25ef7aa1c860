"""Who sees which receipt and wanted person, on pages and in the API."""

from __future__ import annotations

import pytest

from congan.org.models import AuditEntry
from tests.campaigns.factories import ReceiptFactory, WantedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    return ReceiptFactory(unit_code="31120", receipt_number="BB-ANHOA"), WantedFactory(unit_code="31120", wanted_number="TN-ANHOA")


def test_ward_officer_sees_own_records(client_for, anhoa, records):
    r, w = records
    client = client_for(anhoa)
    assert "BB-ANHOA" in client.get("/campaigns/weapons/").text
    assert "BB-ANHOA" in client.get(f"/campaigns/weapons/receipts/{r.pk}/").text
    assert "TN-ANHOA" in client.get("/campaigns/wanted/").text
    assert "TN-ANHOA" in client.get(f"/campaigns/wanted/{w.pk}/").text
    assert [x["receipt_number"] for x in client.get("/api/campaigns/receipts").json()] == ["BB-ANHOA"]
    assert client.get(f"/api/campaigns/receipts/{r.pk}").json()["items"][0]["item_type"] == "homemade_gun"
    assert [x["wanted_number"] for x in client.get("/api/campaigns/wanted").json()] == ["TN-ANHOA"]
    assert client.get(f"/api/campaigns/wanted/{w.pk}").json()["changes"][0]["status"] == "listed"
    assert client.get("/api/campaigns/inventory").json()[0]["totals"]["homemade_gun"] in ("1", "1.000", 1)
    assert AuditEntry.objects.filter(object_type__in=["campaigns.Receipt", "campaigns.WantedPerson"]).count() == 8


def test_outsider_gets_nothing(client_for, chauvanliem, records):
    r, w = records
    client = client_for(chauvanliem)
    assert "BB-ANHOA" not in client.get("/campaigns/weapons/").text
    assert "TN-ANHOA" not in client.get("/campaigns/wanted/").text
    for url in (f"/campaigns/weapons/receipts/{r.pk}/", f"/campaigns/weapons/receipts/{r.pk}/edit/",
                f"/campaigns/wanted/{w.pk}/", f"/campaigns/wanted/{w.pk}/edit/",
                f"/api/campaigns/receipts/{r.pk}", f"/api/campaigns/wanted/{w.pk}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/campaigns/wanted/{w.pk}/status/", {"status": "arrested", "on": "2024-05-01"}).status_code == 404
    assert client.get("/api/campaigns/receipts").json() == []
    assert client.get("/api/campaigns/wanted").json() == []
    assert client.get("/api/campaigns/inventory").json() == []


def test_auditor_is_forbidden(client_for, kiemtra, records):
    r, w = records
    client = client_for(kiemtra)
    for url in ("/campaigns/weapons/", "/campaigns/wanted/", f"/campaigns/weapons/receipts/{r.pk}/",
                f"/campaigns/wanted/{w.pk}/", "/api/campaigns/receipts", "/api/campaigns/wanted",
                "/api/campaigns/inventory", f"/api/campaigns/receipts/{r.pk}", f"/api/campaigns/wanted/{w.pk}"):
        assert client.get(url).status_code == 403, url


def test_openapi_lists_the_paths(client_for, anhoa):
    paths = client_for(anhoa).get("/api/openapi.json").json()["paths"]
    assert {"/api/campaigns/receipts", "/api/campaigns/receipts/{pk}", "/api/campaigns/inventory",
            "/api/campaigns/wanted", "/api/campaigns/wanted/{pk}", "/api/campaigns/campaigns"} <= set(paths)
