"""Identity documents: a malformed number is refused with the reason; one that disagrees with
the sex or year of birth is saved and shown with its finding; an old document can be marked invalid."""

from datetime import date

import pytest

from congan.org.models import AuditEntry, PoliceUnit
from congan.registry.models import IdentityDocument
from tests.registry.factories import PersonFactory
from tests.sealed import the


@pytest.fixture
def hoa(db):
    person = PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", sex="Nữ", id_number="361234567", date_of_birth=date(1990, 5, 2))
    IdentityDocument.objects.create(person=person, kind="cmnd", number="361234567", issued_on=date(2008, 6, 1),
                                    issued_by="Công an thành phố Cần Thơ")
    return person


@pytest.fixture
def city_police(db):
    return PoliceUnit.objects.get(admin_unit__code="92", admin_unit__era="2025", admin_unit__level="province")


def _doc(police, **fields):
    data = {"number": "092190000077", "issued_on": "2021-04-10", "issuing_unit": police.pk, "issued_by": "",
            "current": "on", "reason": "Cấp CCCD gắn chip"}
    data.update(fields)
    return data


def test_a_new_cccd_becomes_current_and_the_old_cmnd_invalid(client_for, anhoa, hoa, city_police):
    client = client_for(anhoa)
    response = client.post(f"/registry/people/{hoa.pk}/documents/add/", _doc(city_police))
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.id_number == "092190000077"
    assert hoa.id_finding == ""
    new = the(hoa.documents.all(), number="092190000077")
    assert (new.kind, new.issued_on, new.issuing_unit, new.valid) == ("cccd", date(2021, 4, 10), city_police, True)
    assert not the(hoa.documents.all(), number="361234567").valid
    change = hoa.changes.get()
    assert (change.actor, change.reason) == (anhoa, "Cấp CCCD gắn chip")
    assert change.changes["id_number"] == ["361234567", "092190000077"]
    assert change.changes["identity_document"][0] is None
    assert change.changes["identity_document 361234567"][1].endswith("; invalid")
    assert AuditEntry.objects.filter(action="create", object_type="registry.IdentityDocument",
                                     object_id=str(new.pk), actor=anhoa).exists()
    page = client.get(f"/registry/people/{hoa.pk}/").text
    assert "092190000077" in page
    assert "Cấp CCCD gắn chip" in page


def test_a_number_that_disagrees_with_the_sex_is_saved_with_the_finding_shown(client_for, anhoa, hoa, city_police):
    client = client_for(anhoa)
    response = client.post(f"/registry/people/{hoa.pk}/documents/add/",
                           _doc(city_police, number="092090000078", current=""), follow=True)
    assert response.status_code == 200
    doc = the(hoa.documents.all(), number="092090000078")
    assert doc.valid
    hoa.refresh_from_db()
    assert hoa.id_number == "361234567"  # not made current
    # the message and the documents table, in words
    assert response.text.count("Theo số định danh là Nam, hồ sơ ghi Nữ.") == 2
    assert "cccd_sex_mismatch" not in response.text


@pytest.mark.parametrize(("number", "reason"), [
    ("09219000007X", "có ký tự “X”, không chỉ gồm chữ số"),
    ("0921900000", "có 10 chữ số; số CCCD có 12, số CMND có 9 chữ số"),
])
def test_a_malformed_number_is_refused_naming_the_reason(client_for, anhoa, hoa, city_police, number, reason):
    response = client_for(anhoa).post(f"/registry/people/{hoa.pk}/documents/add/", _doc(city_police, number=number))
    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors["number"])
    assert hoa.documents.count() == 1
    assert not hoa.changes.exists()


@pytest.mark.parametrize("bad", [
    {"number": "361234567"},                       # already on file
    {"issued_on": "1989-01-01"},                   # before the date of birth
    {"issued_on": "2999-01-01"},                   # in the future
    {"issuing_unit": "", "issued_by": ""},         # nobody issued it
    {"reason": ""},
])
def test_bad_input_shows_the_error_and_stores_nothing(client_for, anhoa, hoa, city_police, bad):
    response = client_for(anhoa).post(f"/registry/people/{hoa.pk}/documents/add/", _doc(city_police, **bad))
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert hoa.documents.count() == 1
    assert not hoa.changes.exists()


def test_marking_the_current_document_invalid(client_for, anhoa, hoa):
    doc = hoa.documents.get()
    client = client_for(anhoa)
    empty = client.post(f"/registry/people/{hoa.pk}/documents/{doc.pk}/invalidate/", {"reason": ""})
    assert empty.status_code == 200
    doc.refresh_from_db()
    assert doc.valid
    response = client.post(f"/registry/people/{hoa.pk}/documents/{doc.pk}/invalidate/",
                           {"reason": "Báo mất CMND"})
    assert response.status_code == 302
    doc.refresh_from_db()
    hoa.refresh_from_db()
    assert not doc.valid
    assert hoa.id_number == ""
    change = hoa.changes.get()
    assert change.reason == "Báo mất CMND"
    assert change.changes["id_number"] == ["361234567", None]
    assert AuditEntry.objects.filter(action="update", object_type="registry.IdentityDocument",
                                     object_id=str(doc.pk)).exists()
    assert "Báo mất CMND" in client.get(f"/registry/people/{hoa.pk}/").text
