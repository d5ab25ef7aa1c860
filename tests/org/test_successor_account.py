"""Accounts of pre-2025 wards carry on after 1 July 2025 through the unit mapping: An Hòa's officer
records today's events in Phường Cái Khế (2025), the ward that took An Hòa over, without a new
account — and in no other 2025 ward; the successor's other old wards' files stay out of reach."""

from __future__ import annotations

from datetime import date

import pytest

from congan import units as unitdata
from congan.cases.models import Case
from congan.org import jurisdiction
from congan.org.models import AuditEntry
from tests.cases.factories import CaseFactory
from tests.org.factories import unit

pytestmark = pytest.mark.django_db

FORM = {"case_number": "HS-2025-AH", "detected_on": "2025-09-01", "articles": "173",
        "severity": "it_nghiem_trong", "category": "theft"}


def test_an_hoa_records_a_2025_case_in_its_successor_ward(client_for, anhoa):
    response = client_for(anhoa).post("/cases/new/", {**FORM, "unit_code": "31120"})
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get(case_number="HS-2025-AH")
    assert (case.unit.code, case.unit.era, case.unit.name) == ("31120", unitdata.Y2025, "Phường Cái Khế")
    assert client_for(anhoa).get(f"/cases/{case.pk}/").status_code == 200


def test_an_hoa_cannot_record_a_2025_case_in_another_ward(client_for, anhoa):
    before = AuditEntry.objects.filter(action="denied").count()
    response = client_for(anhoa).post("/cases/new/", {**FORM, "unit_code": "31135"})  # Phường Ninh Kiều (2025)
    assert response.status_code == 200 and "unit_code" in response.context["form"].errors
    assert not Case.objects.exists()
    assert AuditEntry.objects.filter(action="denied").count() == before + 1


def test_the_successors_other_old_wards_stay_outside_the_account(anhoa):
    area = jurisdiction.user_unit_ids(anhoa)
    assert unit("31120", unitdata.Y2025).id in area and unit("31120").id in area
    assert unit("31117").id not in area  # old Cái Khế, now part of the same 2025 ward
    assert [u.name for u in jurisdiction.successor_units(anhoa.unit.admin_unit_id)] == ["Phường Cái Khế"]
    old_cai_khe = CaseFactory(unit_code="31117", detected_on=date(2024, 5, 1))
    assert not jurisdiction.scope(Case.objects.all(), anhoa).filter(pk=old_cai_khe.pk).exists()


def test_a_report_unit_s_area_is_unchanged_by_accounts(db):
    # Reports of the old ward count the old ward only, never its successor's 2025 records.
    assert jurisdiction.unit_ids(unit("31120").id) == frozenset({unit("31120").id})


def test_the_home_page_says_where_the_account_records_from_1_july_2025(client_for, anhoa, ninhkieu2025):
    page = client_for(anhoa).get("/")
    assert "Phường Cái Khế (31120, từ ngày 01/7/2025)" in page.text and 'id="successor"' in page.text
    assert 'id="successor"' not in client_for(ninhkieu2025).get("/").text
