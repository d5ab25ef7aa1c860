"""Every denial is audited (a record outside the area, a role, a unit parameter outside the area,
which is refused, never dropped), every response showing a stored record is audited whatever the
view, and audit details hold no personal data."""

import json
from datetime import date

import pytest

from congan.cases.models import Case
from congan.org import audit
from congan.org.models import AuditEntry
from tests.campaigns.factories import ReceiptFactory, WantedFactory
from tests.cases.factories import CaseFactory
from tests.org.factories import unit
from tests.registry.factories import PersonFactory
from tests.traffic.factories import AccidentFactory


def _denials(user=None, kind=None):
    entries = AuditEntry.objects.filter(action="denied")
    if user is not None:
        entries = entries.filter(actor=user)
    if kind is not None:
        entries = entries.filter(detail__denied=kind)
    return entries


# --- 403 by role ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/registry/people/", "/cases/", "/api/cases/cases", "/api/registry/people",
                                  "/campaigns/wanted/"])
def test_a_refusal_by_role_is_audited(client_for, kiemtra, path):
    response = client_for(kiemtra).get(path)
    assert response.status_code == 403
    entry = _denials(kiemtra).get()
    assert entry.detail == {"denied": "role", "status": 403, "method": "GET", "path": path}


def test_a_read_only_role_trying_to_record_a_case_is_refused_audited_and_stores_nothing(client_for, thongke):
    response = client_for(thongke).post("/cases/new/", {"case_number": "VA-X", "unit_code": "31120",
                                                        "detected_on": "2024-03-01"})
    assert response.status_code == 403
    assert "Vai trò của bạn không được phép" in response.text
    assert not Case.objects.filter(case_number="VA-X").exists()
    assert _denials(thongke, "role").count() == 1


# --- 404 outside the area -------------------------------------------------------------------------

def test_a_record_outside_the_area_is_one_audited_denial(client_for, anhoa, db):
    theirs = CaseFactory(unit_code="31144")
    response = client_for(anhoa).get(f"/cases/{theirs.pk}/edit/")
    assert response.status_code == 404
    entry = _denials(anhoa).get()  # one entry: not counted again as a 403 or anything else
    assert (entry.detail["denied"], entry.object_type, entry.object_id) == ("outside_area", "cases.Case",
                                                                             str(theirs.pk))


# --- a unit parameter outside the area: refused, not dropped -------------------------------------

@pytest.mark.parametrize("path", ["/cases/", "/cases/operations/", "/traffic/", "/campaigns/weapons/",
                                  "/campaigns/wanted/"])
def test_a_list_given_another_units_filter_is_refused_and_audited(client_for, anhoa, path):
    CaseFactory(unit_code="31120", case_number="VA-OWN-1")
    other = unit("31144")
    response = client_for(anhoa).get(path, {"unit": other.pk})
    assert response.status_code == 404
    assert "VA-OWN-1" not in response.text
    assert "Đơn vị được hỏi không thuộc địa bàn của bạn." in response.text
    entry = _denials(anhoa, "unit_parameter").get()
    assert entry.detail["unit"] == str(other.pk)


def test_a_list_given_its_own_units_filter_still_answers(client_for, anhoa, db):
    CaseFactory(unit_code="31120", case_number="VA-OWN-1")
    response = client_for(anhoa).get("/cases/", {"unit": unit("31120").pk})
    assert response.status_code == 200 and "VA-OWN-1" in response.text
    assert not _denials(anhoa).exists()


@pytest.mark.parametrize("path, params", [
    ("/api/cases/cases", {"unit_code": "31144", "era": "legacy"}),
    ("/api/traffic/accidents", {"unit_code": "31144", "era": "legacy"}),
    ("/api/campaigns/receipts", {"unit_code": "31144", "era": "legacy"}),
    ("/api/campaigns/wanted", {"unit_code": "31144", "era": "legacy"}),
    ("/api/dataquality/stats", {"unit": "31144", "era": "legacy"}),
    ("/api/registry/id-cards/collection", {"unit": "31144", "era": "legacy", "end": "2024-12-31"}),
])
def test_an_api_call_given_another_units_code_is_refused_and_audited(client_for, anhoa, path, params):
    response = client_for(anhoa).get(path, params)
    assert response.status_code == 404
    assert "jurisdiction" in response.json()["detail"]
    entry = _denials(anhoa, "unit_parameter").get()
    assert entry.detail["unit"] == "31144" and entry.detail["api"] is True


@pytest.mark.parametrize("code", ["79", "31144", "nonsense"])
def test_a_report_for_a_unit_outside_the_city_or_area_is_refused_and_audited(client_for, anhoa, code):
    response = client_for(anhoa).get("/api/reports/report", {"unit": code, "year": 2024})
    assert response.status_code == 404
    unit = _denials(anhoa, "unit_parameter").get().detail["unit"]
    assert unit == (code if code.isdigit() else audit.pseudonym(code))


def test_the_report_page_for_a_unit_outside_the_area_is_refused_and_audited(client_for, anhoa, db):
    response = client_for(anhoa).get("/reports/", {"unit": unit("31153").pk, "kind": "police_year", "year": 2024})
    assert response.status_code == 404
    assert _denials(anhoa, "unit_parameter").count() == 1


# --- every response showing a stored record is audited -------------------------------------------

def _reads(user, obj):
    return AuditEntry.objects.filter(action="view", actor=user, object_type=obj._meta.label, object_id=str(obj.pk))


@pytest.mark.parametrize("make, path", [
    (lambda: CaseFactory(unit_code="31120"), "/cases/{pk}/edit/"),
    (lambda: CaseFactory(unit_code="31120"), "/cases/{pk}/clear/"),
    (lambda: AccidentFactory(unit_code="31120"), "/traffic/{pk}/edit/"),
    (lambda: AccidentFactory(unit_code="31120"), "/traffic/{pk}/vehicles/"),
    (lambda: AccidentFactory(unit_code="31120"), "/traffic/{pk}/casualties/"),
    (lambda: ReceiptFactory(unit_code="31120"), "/campaigns/weapons/receipts/{pk}/items/"),
    (lambda: ReceiptFactory(unit_code="31120"), "/campaigns/weapons/receipts/{pk}/edit/"),
    (lambda: WantedFactory(unit_code="31120"), "/campaigns/wanted/{pk}/status/"),
    (lambda: WantedFactory(unit_code="31120"), "/campaigns/wanted/{pk}/edit/"),
    (lambda: PersonFactory(unit_code="31120"), "/registry/people/{pk}/edit/"),
    (lambda: PersonFactory(unit_code="31120"), "/registry/people/{pk}/places/add/"),
])
def test_the_form_pages_showing_a_record_are_audited(client_for, anhoa, make, path):
    record = make()
    response = client_for(anhoa).get(path.format(pk=record.pk))
    assert response.status_code == 200
    assert _reads(anhoa, record).count() == 1


def test_an_invalid_post_re_rendering_a_person_is_audited_without_their_name(client_for, anhoa, db):
    person = PersonFactory(unit_code="31120", full_name="Võ Thị Riêng")
    client = client_for(anhoa)
    response = client.post(f"/registry/people/{person.pk}/edit/", {"full_name": "", "reason": ""})
    assert response.status_code == 200 and "Võ Thị Riêng" in response.text
    response = client.post(f"/registry/people/{person.pk}/documents/add/", {"number": "x", "reason": ""})
    assert response.status_code == 200
    reads = _reads(anhoa, person)
    assert reads.count() == 2 and {e.detail["method"] for e in reads} == {"POST"}
    assert "Riêng" not in json.dumps([e.detail for e in AuditEntry.objects.all()], ensure_ascii=False)


def test_an_invalid_suspect_post_is_audited(client_for, anhoa, db):
    case = CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1))
    response = client_for(anhoa).post(f"/cases/{case.pk}/suspects/", {"full_name": "", "arrested_on": "2024-01-01"})
    assert response.status_code == 200
    assert _reads(anhoa, case).count() == 1


def test_reading_the_audit_trail_is_audited_with_the_username_hashed(client_for, kiemtra, anhoa):
    client_for(kiemtra).get("/org/audit/", {"user": "anhoa"})
    entry = AuditEntry.objects.filter(actor=kiemtra, object_type="org.AuditEntry").get()
    assert "anhoa" not in json.dumps(entry.detail)


def test_a_form_given_a_unit_code_outside_the_area_is_refused_and_audited(client_for, anhoa, db):
    response = client_for(anhoa).post("/cases/new/", {"case_number": "VA-OUT", "unit_code": "31144",
                                                      "detected_on": "2024-03-01", "severity": "nghiem_trong",
                                                      "category": "theft", "articles": "173"})
    assert response.status_code == 200 and "unit_code" in response.context["form"].errors
    assert not Case.objects.filter(case_number="VA-OUT").exists()
    entry = _denials(anhoa, "unit_parameter").get()
    assert (entry.detail["unit"], entry.detail["form"], entry.object_id) == ("31144", "unit_code",
                                                                             str(unit("31144").pk))
