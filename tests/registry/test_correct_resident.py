"""Adding and correcting a resident: a reason is required; every change is kept with who and why."""

import pytest

from congan.org.models import AuditEntry
from congan.registry.models import Person
from tests.org.factories import unit
from tests.registry.factories import PersonFactory
from tests.sealed import the


@pytest.fixture
def hoa(db):
    return PersonFactory(unit_code="31120", full_name="Trần Thi Hoà", sex="Nữ", id_number="092190000001")


def _form(person, **changes):
    data = {f: getattr(person, f) or "" for f in (
        "full_name", "sex", "id_number", "ethnicity", "religion", "nationality", "hometown", "address",
        "father_name", "mother_name", "spouse_name", "relation_to_head")}
    data.update(unit=person.unit_id, date_of_birth=person.date_of_birth.isoformat() if person.date_of_birth else "",
                birth_year=person.birth_year or "", birth_month=person.birth_month or "")
    data.update(changes)
    return data


def test_a_correction_keeps_old_and_new_values_with_who_and_why(client_for, anhoa, hoa):
    client = client_for(anhoa)
    response = client.post(f"/registry/people/{hoa.pk}/edit/",
                           _form(hoa, full_name="Trần Thị Hòa", reason="Sai dấu so với giấy khai sinh"))
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.full_name == "Trần Thị Hòa"
    change = hoa.changes.get()
    assert change.actor == anhoa
    assert change.reason == "Sai dấu so với giấy khai sinh"
    assert change.changes == {"full_name": ["Trần Thi Hoà", "Trần Thị Hòa"]}
    entry = AuditEntry.objects.filter(action="update", object_id=str(hoa.pk)).get()
    assert entry.detail["fields"] == ["full_name"]
    page = client.get(f"/registry/people/{hoa.pk}/")
    assert "Sai dấu so với giấy khai sinh" in page.text
    assert "Trần Thi Hoà → Trần Thị Hòa" in page.text


def test_without_a_reason_nothing_changes(client_for, anhoa, hoa):
    response = client_for(anhoa).post(f"/registry/people/{hoa.pk}/edit/", _form(hoa, full_name="Khác", reason=""))
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    hoa.refresh_from_db()
    assert hoa.full_name == "Trần Thi Hoà"
    assert not hoa.changes.exists()


def test_a_malformed_id_number_is_refused_by_the_form(client_for, anhoa, hoa):
    response = client_for(anhoa).post(f"/registry/people/{hoa.pk}/edit/",
                                      _form(hoa, id_number="12345", reason="số mới"))
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors


def test_a_resident_cannot_be_moved_to_a_ward_outside_the_jurisdiction(client_for, anhoa, hoa):
    o_mon = unit("31153")
    response = client_for(anhoa).post(f"/registry/people/{hoa.pk}/edit/", _form(hoa, unit=o_mon.pk, reason="chuyển"))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert Person.objects.get(pk=hoa.pk).unit.code == "31120"


def test_adding_a_resident_with_a_partial_date_of_birth(client_for, nhaplieu):
    an_hoa = unit("31120")
    response = client_for(nhaplieu).post("/registry/people/add/", {
        "full_name": "Lê Văn Tám", "sex": "Nam", "birth_year": "1950", "birth_month": "8", "unit": an_hoa.pk,
        "nationality": "Việt Nam", "address": "Số 3, Phường An Hòa", "reason": "Đăng ký thường trú mới",
    })
    assert response.status_code == 302
    person = the(Person.objects.all(), full_name="Lê Văn Tám")
    assert (person.date_of_birth, person.birth_year, person.birth_month) == (None, 1950, 8)
    assert person.birth_display == "08/1950"
    change = person.changes.get()
    assert change.actor == nhaplieu
    assert change.reason == "Đăng ký thường trú mới"
    assert change.changes["full_name"] == [None, "Lê Văn Tám"]
    assert AuditEntry.objects.filter(action="create", object_id=str(person.pk)).exists()


def test_a_correction_that_disagrees_with_the_id_number_shows_a_finding(client_for, anhoa, hoa):
    client = client_for(anhoa)
    client.post(f"/registry/people/{hoa.pk}/edit/", _form(hoa, sex="Nam", reason="nhập lại giới tính"))
    hoa.refresh_from_db()
    assert "cccd_sex_mismatch" in hoa.id_finding
    page = client.get(f"/registry/people/{hoa.pk}/").text
    assert "Theo số định danh là Nữ, hồ sơ ghi Nam." in page and "cccd_sex_mismatch" not in page
    listed = client.get("/registry/people/", {"findings": "1"})
    assert [p.pk for p in listed.context["page"]] == [hoa.pk]
