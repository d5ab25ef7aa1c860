"""A ward officer sees the ward only, by any road: list, search, detail URL or API."""

import pytest

from congan.org.models import AuditEntry
from tests.registry.factories import PersonFactory


@pytest.fixture
def residents(db):
    return {
        "an_hoa": PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", id_number="092190000001"),
        "xuan_khanh": PersonFactory(unit_code="31144", full_name="Lê Văn Khánh", id_number="092090000002"),
        "o_mon": PersonFactory(unit_code="31153", full_name="Phạm Văn Môn", id_number="092090000003"),
        "tan_an": PersonFactory(unit_code="31135", full_name="Võ Văn Tân", id_number="092090000004"),
        "new_ninh_kieu": PersonFactory(unit_code="31135", era="2025", full_name="Huỳnh Thị Kiều", id_number="092190000005"),
    }


def test_ward_officer_lists_only_their_ward(client_for, anhoa, residents):
    page = client_for(anhoa).get("/registry/people/")
    assert page.status_code == 200
    assert "Trần Thị Hòa" in page.text
    assert "Lê Văn Khánh" not in page.text
    assert "Phạm Văn Môn" not in page.text


def test_ward_officer_cannot_find_another_wards_resident(client_for, anhoa, residents):
    client = client_for(anhoa)
    by_name = client.get("/registry/", {"q": "Le Van Khanh"})
    by_id = client.get("/registry/", {"q": "092090000002"})
    assert "Lê Văn Khánh" not in by_name.text
    assert "Lê Văn Khánh" not in by_id.text
    assert "Trần Thị Hòa" in client.get("/registry/", {"q": "tran thi hoa"}).text


def test_detail_url_of_another_ward_is_404_and_audited(client_for, anhoa, residents):
    other = residents["xuan_khanh"]
    response = client_for(anhoa).get(f"/registry/people/{other.pk}/")
    assert response.status_code == 404
    denied = AuditEntry.objects.filter(action="denied", object_id=str(other.pk), actor=anhoa)
    assert denied.count() == 1
    assert denied.get().object_type == "registry.Person"


def test_api_refuses_another_wards_record_and_audits(client_for, anhoa, residents):
    client = client_for(anhoa)
    other = residents["o_mon"]
    assert client.get(f"/api/registry/people/{other.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_id=str(other.pk)).exists()
    listed = client.get("/api/registry/people").json()
    assert [p["full_name"] for p in listed] == ["Trần Thị Hòa"]
    searched = client.get("/api/registry/people", {"q": "092090000003"}).json()
    assert searched == []


def test_district_officer_sees_every_ward_of_the_district(client_for, ninhkieu, residents):
    listed = {p["full_name"] for p in client_for(ninhkieu).get("/api/registry/people").json()}
    # New Phường Ninh Kiều (2025) lies wholly inside old Quận Ninh Kiều, so it is in the district's area.
    assert listed == {"Trần Thị Hòa", "Lê Văn Khánh", "Võ Văn Tân", "Huỳnh Thị Kiều"}


def test_a_2025_ward_officer_sees_the_old_wards_it_inherited(client_for, ninhkieu2025, residents):
    listed = {p["full_name"] for p in client_for(ninhkieu2025).get("/api/registry/people").json()}
    # New Phường Ninh Kiều (31135, 2025) took in old Tân An (31135, legacy) and Xuân Khánh, not An Hòa.
    assert "Huỳnh Thị Kiều" in listed
    assert "Võ Văn Tân" in listed
    assert "Trần Thị Hòa" not in listed
    assert "Phạm Văn Môn" not in listed


def test_city_leadership_sees_the_whole_city(client_for, lanhdao, residents):
    listed = {p["full_name"] for p in client_for(lanhdao).get("/api/registry/people").json()}
    assert len(listed) == 5


def test_auditor_reads_no_personal_data(client_for, kiemtra, residents):
    client = client_for(kiemtra)
    assert client.get("/registry/people/").status_code == 403
    assert client.get(f"/registry/people/{residents['an_hoa'].pk}/").status_code == 403
    assert client.get("/api/registry/people").status_code == 403


def test_signed_out_visitor_is_sent_to_login(client, residents):
    response = client.get(f"/registry/people/{residents['an_hoa'].pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/api/registry/people").status_code == 401
