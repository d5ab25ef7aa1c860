"""The report page in a real headless Chromium: pick a period, see the figures, follow one to its records."""

from datetime import date

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def records(base_data_reloaded):
    from tests.cases.factories import CaseFactory

    CaseFactory(detected_on=date(2025, 1, 20), cleared_on=date(2025, 2, 1))
    CaseFactory(detected_on=date(2025, 2, 3), category="drugs")
    CaseFactory(detected_on=date(2025, 9, 9), category="fraud")  # second half: not in the first half-year


def test_leader_picks_a_half_year_and_follows_a_figure_to_its_records(page, live_server, sign_in, records):
    sign_in("lanhdao", "/reports/")
    page.wait_for_url("**/reports/")
    page.select_option("#id_kind", "police_half")
    page.fill("#id_year", "2025")
    page.fill("#id_number", "1")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report")
    assert "15/12/2024 – 14/06/2025" in page.inner_text("#report-period")
    detected = page.locator("#table-crime a[data-kpi='crime.detected']").first
    assert detected.inner_text() == "2"
    assert page.locator("#chart-monthly svg").count() == 1
    detected.click()
    page.wait_for_selector("#records")
    assert page.inner_text("#records-total") == "2"
    assert page.locator("#records tbody tr").count() == 2
