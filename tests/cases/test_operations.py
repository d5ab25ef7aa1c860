"""The register of major investigation plans (chuyên án): who may open one, its cases, its dates."""

from __future__ import annotations

from datetime import date

import pytest

from congan.cases.models import Operation, OperationStatus
from congan.org.models import AuditEntry
from tests.cases.factories import CaseFactory
from tests.org.factories import unit

pytestmark = pytest.mark.django_db

FORM = {"number": "CA-2024-01", "name": "Chuyên án 124D", "lead_unit_code": "916", "opened_on": "2024-02-01"}


def test_a_district_officer_opens_a_plan_over_cases_of_the_district(client_for, ninhkieu):
    a, b = CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1), category="drugs"), CaseFactory(unit_code="31135", detected_on=date(2024, 4, 1), category="drugs")
    response = client_for(ninhkieu).post("/cases/operations/new/", {**FORM, "case_numbers": f"{a.case_number},\n{b.case_number}"})
    assert response.status_code == 302
    op = Operation.objects.get()
    assert (op.lead_unit.name, op.lead_unit.era) == ("Quận Ninh Kiều", "legacy")
    assert set(op.cases.all()) == {a, b} and op.status == OperationStatus.OPEN
    assert AuditEntry.objects.filter(action="create", object_type="cases.Operation", object_id=str(op.pk)).exists()
    page = client_for(ninhkieu).get(f"/cases/operations/{op.pk}/").content.decode()
    assert a.case_number in page and b.case_number in page
    assert op.number in client_for(ninhkieu).get(f"/cases/{a.pk}/").content.decode()


def test_breaking_up_and_closing_a_plan(client_for, ninhkieu):
    op = Operation.objects.create(number="CA-1", name="Chuyên án 1", lead_unit=unit("916", "legacy", "district"),
                                  opened_on=date(2024, 2, 1))
    response = client_for(ninhkieu).post(f"/cases/operations/{op.pk}/edit/", {
        **FORM, "number": "CA-1", "broken_on": "2024-05-20", "closed_on": "2024-08-01"})
    assert response.status_code == 302
    op.refresh_from_db()
    assert (op.broken_on, op.status) == (date(2024, 5, 20), OperationStatus.CLOSED)


@pytest.mark.parametrize(("change", "field"), [
    ({"broken_on": "2024-01-31"}, "broken_on"),
    ({"broken_on": "2024-05-01", "closed_on": "2024-04-01"}, "closed_on"),
    ({"lead_unit_code": "31153"}, "lead_unit_code"),  # Ô Môn: outside the district
    ({"lead_unit_code": "916", "opened_on": "2025-09-01"}, "lead_unit_code"),  # no district after the reform
    ({"case_numbers": "HS-NOT-THERE"}, "case_numbers"),
])
def test_a_bad_plan_is_refused_and_nothing_stored(client_for, ninhkieu, change, field):
    response = client_for(ninhkieu).post("/cases/operations/new/", {**FORM, **change})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Operation.objects.exists()


def test_a_case_outside_the_area_cannot_be_linked(client_for, ninhkieu):
    far = CaseFactory(unit_code="31153", detected_on=date(2024, 3, 1))  # Ô Môn
    response = client_for(ninhkieu).post("/cases/operations/new/", {**FORM, "case_numbers": far.case_number})
    assert far.case_number in str(response.context["form"].errors["case_numbers"])
    assert not Operation.objects.exists()


def test_an_outsider_gets_404_audited_and_the_list_shows_only_their_area(client_for, chauvanliem, ninhkieu):
    op = Operation.objects.create(number="CA-1", name="Chuyên án 1", lead_unit=unit("916", "legacy", "district"),
                                  opened_on=date(2024, 2, 1))
    client = client_for(chauvanliem)
    assert client.get(f"/cases/operations/{op.pk}/").status_code == 404
    assert client.post(f"/cases/operations/{op.pk}/edit/", {**FORM, "name": "X"}).status_code == 404
    assert AuditEntry.objects.filter(actor=chauvanliem, action="denied", object_id=str(op.pk)).count() == 2
    op.refresh_from_db()
    assert op.name == "Chuyên án 1"
    assert "CA-1" not in client.get("/cases/operations/").content.decode()
    assert "CA-1" in client_for(ninhkieu).get("/cases/operations/").content.decode()


def test_readers_may_not_open_a_plan(client_for, lanhdao, kiemtra):
    assert client_for(lanhdao).post("/cases/operations/new/", FORM).status_code == 403
    assert client_for(kiemtra).get("/cases/operations/").status_code == 403
    assert not Operation.objects.exists()
