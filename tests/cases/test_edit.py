"""Recording and editing cases: edit roles only, units by the era of the date, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from congan.cases.models import Case, ClearanceType, Status
from congan.org.models import AuditEntry
from tests.cases.factories import CaseFactory
from tests.registry.factories import PersonFactory

pytestmark = pytest.mark.django_db

FORM = {"case_number": "HS-NEW", "unit_code": "31120", "detected_on": "2024-04-01", "articles": "173",
        "severity": "it_nghiem_trong", "category": "theft"}


def test_ward_officer_records_a_case_in_the_old_unit(client_for, anhoa):
    response = client_for(anhoa).post("/cases/new/", FORM)
    new = Case.objects.get(case_number="HS-NEW")
    assert response.status_code == 302
    assert (new.unit.name, new.unit.era, new.status) == ("Phường An Hòa", "legacy", Status.DETECTED)
    assert AuditEntry.objects.filter(action="create", object_type="cases.Case", object_id=str(new.pk)).exists()


def test_a_code_of_the_wrong_era_is_an_error_not_a_guess(client_for, anhoa):
    # 31144 (Xuân Khánh) exists only before the reform
    response = client_for(anhoa).post("/cases/new/", {**FORM, "unit_code": "31144", "detected_on": "2025-09-01"})
    assert response.status_code == 200 and not Case.objects.exists()
    assert "01/09/2025" in str(response.context["form"].errors["unit_code"])


def test_a_unit_outside_the_area_is_refused(client_for, anhoa):
    response = client_for(anhoa).post("/cases/new/", {**FORM, "unit_code": "31153"})
    assert "unit_code" in response.context["form"].errors and not Case.objects.exists()


def test_cleared_before_detected_is_refused_on_the_form(client_for, anhoa):
    response = client_for(anhoa).post("/cases/new/", {**FORM, "cleared_on": "2024-03-01",
                                                      "clearance_type": "offender_identified"})
    assert "cleared_on" in response.context["form"].errors and not Case.objects.exists()


def test_readers_may_not_edit(client_for, lanhdao, kiemtra):
    existing = CaseFactory()
    for user in (lanhdao, kiemtra):
        client = client_for(user)
        assert client.get("/cases/new/").status_code == 403
        assert client.post(f"/cases/{existing.pk}/edit/", FORM).status_code == 403
    assert Case.objects.get().case_number != "HS-NEW"


def test_edit_is_audited(client_for, nhaplieu):
    existing = CaseFactory()
    response = client_for(nhaplieu).post(f"/cases/{existing.pk}/edit/", {**FORM, "case_number": existing.case_number,
                                                                        "articles": "174", "reason": "Sai mức độ"})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.articles == "174"
    assert AuditEntry.objects.filter(action="update", object_id=str(existing.pk)).exists()


def test_clear_refuses_a_date_before_detection():
    existing = CaseFactory(detected_on=date(2024, 3, 1))
    with pytest.raises(ValidationError):
        existing.clear(on=date(2024, 2, 28))
    existing.clear(on=date(2024, 3, 5), how=ClearanceType.EXCEPTIONAL)
    existing.refresh_from_db()
    assert (existing.status, existing.clearance_type, existing.clearing_unit) == (
        Status.CLEARED, ClearanceType.EXCEPTIONAL, existing.unit)


def test_clear_through_the_page_in_the_era_of_the_clearing_date(client_for, ninhkieu2025):
    existing = CaseFactory(unit_code="31135", detected_on=date(2025, 6, 20))  # Tân An, days before the reform
    response = client_for(ninhkieu2025).post(f"/cases/{existing.pk}/clear/", {
        "cleared_on": "2025-07-02", "how": "offender_identified", "clearing_unit_code": "31135",
        "reason": "Đã bắt đối tượng"})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.unit.name == "Phường Tân An"
    assert (existing.clearing_unit.era, existing.clearing_unit.name) == ("2025", "Phường Ninh Kiều")


def test_suspect_linked_to_a_resident(client_for, anhoa):
    existing = CaseFactory()
    resident = PersonFactory(unit_code="31120", full_name="Lê Văn Tèo")
    client = client_for(anhoa)
    client.post(f"/cases/{existing.pk}/suspects/", {"full_name": "Lê Văn Tèo", "person_record": resident.id_number})
    assert existing.suspects.get().person == resident
    assert "Lê Văn Tèo" in client.get(f"/cases/{existing.pk}/").text
