"""The register toolkit: list pages keep their filters across pages, list endpoints refuse a bad
window with 422 (never a 500), create and edit go through the edit roles only."""

import pytest

from congan.org import audit
from congan.org.models import AuditEntry


def test_page_links_keep_the_filter(client_for, kiemtra):
    for n in range(60):
        audit.record(action=audit.Action.LOGIN_FAILED, detail={"n": n})
    body = client_for(kiemtra).get("/org/audit/?action=login_failed").content.decode()
    assert "?action=login_failed&amp;page=2" in body or "?action=login_failed&page=2" in body


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "offset=-1", "limit=abc"])
def test_a_bad_window_is_refused_and_nothing_is_listed(client_for, anhoa, query):
    client = client_for(anhoa)
    before = AuditEntry.objects.count()
    for path in ("/api/cases/cases", "/api/traffic/accidents", "/api/campaigns/receipts", "/api/campaigns/wanted"):
        assert client.get(f"{path}?{query}").status_code == 422
    assert AuditEntry.objects.count() == before


def test_the_largest_window_is_served(client_for, anhoa):
    assert client_for(anhoa).get("/api/cases/cases?limit=1000&offset=5").status_code == 200


def test_an_auditor_cannot_open_a_create_form(client_for, kiemtra):
    client = client_for(kiemtra)
    for path in ("/cases/new/", "/traffic/new/", "/campaigns/weapons/receipts/new/", "/campaigns/weapons/campaigns/new/",
                 "/campaigns/wanted/new/"):
        assert client.get(path).status_code == 403

