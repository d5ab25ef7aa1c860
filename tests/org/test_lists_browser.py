"""A list in a real headless Chromium: filter, then export; the workbook holds exactly the rows shown."""

from datetime import date

import pytest
from openpyxl import load_workbook

from congan.cases.models import Severity
from congan.org.models import AuditEntry
from tests.cases.factories import CaseFactory, SuspectFactory

pytestmark = pytest.mark.browser


def test_an_officer_filters_the_cases_and_exports_exactly_those(sign_in, tmp_path):
    wanted = CaseFactory(case_number="VA-LOC-1", severity=Severity.RAT_NGHIEM_TRONG, detected_on=date(2024, 3, 5))
    SuspectFactory(case=wanted, full_name="Đặng Văn Lộc")
    CaseFactory(case_number="VA-LOC-2", severity=Severity.IT_NGHIEM_TRONG)  # another severity
    other = CaseFactory(case_number="VA-LOC-3", severity=Severity.RAT_NGHIEM_TRONG)  # no such suspect
    SuspectFactory(case=other, full_name="Đặng Văn Lực")
    CaseFactory(case_number="VA-LOC-4", unit_code="31153", severity=Severity.RAT_NGHIEM_TRONG)  # not anhoa's

    page = sign_in("anhoa", "/cases/")
    page.fill("#id_q", "dang van loc")
    page.select_option("#id_severity", value=Severity.RAT_NGHIEM_TRONG)
    page.click("main form.filter button[type=submit]")
    page.wait_for_selector("#records")
    assert "1 bản ghi" in page.inner_text("#total")
    shown = [cell.strip() for cell in page.locator("#records tbody tr td:first-child").all_inner_texts()]
    assert shown == ["VA-LOC-1"]

    with page.expect_download() as download:
        page.click("#export")
    path = tmp_path / "cases.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert [r[0] for r in rows[1:]] == shown
    entry = AuditEntry.objects.filter(action="export", object_type="cases.Case").latest("id")
    assert entry.actor_name == "anhoa" and entry.detail["rows"] == 1
