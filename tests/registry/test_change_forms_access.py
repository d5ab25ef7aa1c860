"""The residence, document and household forms: edit roles only, inside the jurisdiction;
an outsider's try is a 404 and audited, and changes nothing."""

from datetime import date

import pytest

from congan.org.models import AuditEntry, User
from congan.registry.models import IdentityDocument, Person, PersonChange, Place
from tests.registry.factories import PersonFactory, household
from tests.sealed import the


@pytest.fixture
def hoa(db):
    home = household("HH-AN-HOA")
    person = PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", sex="Nữ", id_number="092190000001", household=home, relation_to_head="Chủ hộ")
    PersonFactory(unit_code="31120", full_name="Trần Văn Út", household=home, relation_to_head="Con", id_number="092210000002", date_of_birth=date(2010, 1, 1))
    Place.objects.create(person=person, kind="temporary", address="Số 3", unit=person.unit, since=date(2023, 1, 1))
    IdentityDocument.objects.create(person=person, kind="cccd", number="092190000001", issued_by="Cục CS QLHC")
    PersonFactory(unit_code="31120", full_name="Võ Văn Mới", id_number="092201000003", date_of_birth=date(2001, 1, 1))
    return person


def _posts(p):
    """Every form of this change, with input that would be saved."""
    h, place, doc = p.household_id, p.places.get(), p.documents.get()
    child = the(Person.objects.all(), full_name="Trần Văn Út")
    return [
        (f"/registry/people/{p.pk}/places/add/",
         {"kind": "current", "address": "Số 9", "ward": "31120", "since": "2024-01-01", "reason": "x"}),
        (f"/registry/people/{p.pk}/places/{place.pk}/end/", {"until": "2024-01-01", "reason": "x"}),
        (f"/registry/people/{p.pk}/documents/add/",
         {"number": "092190000009", "issued_on": "2021-01-01", "issued_by": "Cục CS QLHC", "reason": "x"}),
        (f"/registry/people/{p.pk}/documents/{doc.pk}/invalidate/", {"reason": "x"}),
        (f"/registry/households/{h}/edit/", {"address": "Số 99", "reason": "x"}),
        (f"/registry/households/{h}/members/add/", {"resident": "092201000003", "relation": "Cháu", "reason": "x"}),
        (f"/registry/households/{h}/members/{child.pk}/remove/", {"reason": "x"}),
        (f"/registry/households/{h}/head/", {"new_head": child.pk, "old_head_relation": "Mẹ", "reason": "x"}),
    ]


def _nothing_changed(p):
    assert not PersonChange.objects.exists()
    assert Place.objects.count() == 1 and Place.objects.get().until is None
    assert IdentityDocument.objects.count() == 1 and IdentityDocument.objects.get().valid
    assert Person.objects.get(pk=p.pk).household.address == "Số 1, Phường An Hòa"
    assert the(Person.objects.all(), full_name="Trần Văn Út").household_id == p.household_id
    assert the(Person.objects.all(), full_name="Võ Văn Mới").household_id is None


@pytest.mark.parametrize("n", range(8))
def test_the_same_input_is_saved_for_the_ward_officer(client_for, anhoa, hoa, n):
    url, data = _posts(hoa)[n]
    assert client_for(anhoa).post(url, data).status_code == 302, url
    assert PersonChange.objects.exists()


def test_the_ward_officer_opens_every_form(client_for, anhoa, hoa):
    client = client_for(anhoa)
    for url, _data in _posts(hoa):
        assert client.get(url).status_code == 200, url
    person_page = client.get(f"/registry/people/{hoa.pk}/").text
    assert f"/registry/people/{hoa.pk}/documents/add/" in person_page
    household_page = client.get(f"/registry/households/{hoa.household_id}/").text
    assert f"/registry/households/{hoa.household_id}/head/" in household_page


def test_an_outsider_gets_404_and_each_try_is_audited(client_for, chauvanliem, hoa):
    client = client_for(chauvanliem)
    posts = _posts(hoa)
    for url, data in posts:
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    denied = AuditEntry.objects.filter(action="denied", actor=chauvanliem)
    assert denied.count() == 2 * len(posts)
    assert denied.filter(object_type="registry.Person", object_id=str(hoa.pk)).count() == 8
    assert denied.filter(object_type="registry.Household", object_id=str(hoa.household_id)).count() == 8
    _nothing_changed(hoa)


@pytest.mark.parametrize("username", ["kiemtra", "lanhdao", "thongke"])
def test_the_auditor_and_read_only_roles_get_403(client_for, hoa, username):
    client = client_for(User.objects.get(username=username))
    for url, data in _posts(hoa):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    _nothing_changed(hoa)


@pytest.mark.parametrize("username", ["lanhdao", "thongke"])
def test_read_only_roles_see_no_change_links(client_for, hoa, username):
    client = client_for(User.objects.get(username=username))
    page = client.get(f"/registry/people/{hoa.pk}/").text
    assert "/documents/add/" not in page and "/places/add/" not in page
    assert "/head/" not in client.get(f"/registry/households/{hoa.household_id}/").text
