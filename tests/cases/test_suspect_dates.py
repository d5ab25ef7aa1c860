"""A suspect's arrest and the decision to prosecute the accused, recorded on the case page."""

from __future__ import annotations

from datetime import date

import pytest

from congan.cases.models import Suspect
from congan.org.models import AuditEntry
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_suspect_with_the_dates_of_arrest_and_prosecution(client_for, anhoa):
    existing = CaseFactory(detected_on=date(2024, 3, 1))
    client = client_for(anhoa)
    response = client.post(f"/cases/{existing.pk}/suspects/", {
        "full_name": "Lê Văn Tèo", "arrested_on": "2024-03-01", "prosecuted_on": "2024-03-08"})
    assert response.status_code == 302
    suspect = existing.suspects.get()
    assert (suspect.arrested_on, suspect.prosecuted_on) == (date(2024, 3, 1), date(2024, 3, 8))
    page = client.get(f"/cases/{existing.pk}/").content.decode()
    assert "01/03/2024" in page and "08/03/2024" in page


def test_the_dates_are_added_later_and_audited(client_for, anhoa):
    existing = CaseFactory(detected_on=date(2024, 3, 1))
    suspect = Suspect.objects.create(case=existing, full_name="Lê Văn Tèo")
    response = client_for(anhoa).post(f"/cases/{existing.pk}/suspects/{suspect.pk}/", {
        "full_name": "Lê Văn Tèo", "arrested_on": "2024-04-02"})
    assert response.status_code == 302
    suspect.refresh_from_db()
    assert suspect.arrested_on == date(2024, 4, 2) and suspect.prosecuted_on is None
    entry = AuditEntry.objects.filter(action="update", object_type="cases.Suspect").get()
    assert entry.detail["fields"] == ["arrested_on"]


@pytest.mark.parametrize("field", ["arrested_on", "prosecuted_on"])
def test_a_date_before_the_case_was_detected_is_refused(client_for, anhoa, field):
    existing = CaseFactory(detected_on=date(2024, 3, 1))
    suspect = Suspect.objects.create(case=existing, full_name="Lê Văn Tèo")
    response = client_for(anhoa).post(f"/cases/{existing.pk}/suspects/{suspect.pk}/", {
        "full_name": "Lê Văn Tèo", field: "2024-02-29"})
    assert response.status_code == 200 and field in response.context["form"].errors
    suspect.refresh_from_db()
    assert suspect.arrested_on is None and suspect.prosecuted_on is None


def test_another_ward_cannot_edit_a_suspect(client_for, chauvanliem):
    existing = CaseFactory(detected_on=date(2024, 3, 1))
    suspect = Suspect.objects.create(case=existing, full_name="Lê Văn Tèo")
    response = client_for(chauvanliem).post(f"/cases/{existing.pk}/suspects/{suspect.pk}/", {
        "full_name": "X", "arrested_on": "2024-03-02"})
    assert response.status_code == 404
    suspect.refresh_from_db()
    assert suspect.full_name == "Lê Văn Tèo" and suspect.arrested_on is None
    assert AuditEntry.objects.filter(actor=chauvanliem, action="denied").exists()


def test_a_suspect_of_another_case_is_not_found(client_for, anhoa):
    mine, other = CaseFactory(detected_on=date(2024, 3, 1)), CaseFactory(detected_on=date(2024, 3, 1))
    suspect = Suspect.objects.create(case=other, full_name="Lê Văn Tèo")
    assert client_for(anhoa).post(f"/cases/{mine.pk}/suspects/{suspect.pk}/", {"full_name": "X"}).status_code == 404
    suspect.refresh_from_db()
    assert suspect.full_name == "Lê Văn Tèo"
