"""Search → person page in a real headless Chromium."""

from datetime import date

import pytest

from tests.registry.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_officer_finds_a_resident_without_diacritics_and_opens_the_record(page, live_server, sign_in):
    PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", id_number="092190000001", date_of_birth=date(1990, 4, 2), sex="Nữ")
    PersonFactory(unit_code="31144", full_name="Trần Thị Hòa", id_number="092190000002", date_of_birth=date(1990, 4, 2), sex="Nữ")
    sign_in("anhoa", "/registry/")
    page.wait_for_selector("#id_q")
    page.fill("#id_q", "tran thi hoa")
    page.fill("#id_year", "1990")
    page.click("form.search button[type=submit]")
    rows = page.locator("#results tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1  # the namesake in Xuân Khánh is outside An Hòa's jurisdiction
    page.click("#results a")
    page.wait_for_selector("#person-name")
    assert page.inner_text("#person-name") == "Trần Thị Hòa"
    assert page.inner_text("#id-number") == "092190000001"
    assert page.inner_text("#date-of-birth") == "02/04/1990"
