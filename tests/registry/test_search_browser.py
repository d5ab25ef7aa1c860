"""Search → person page in a real headless Chromium."""

import shutil
from datetime import date

import pytest

from congan.org.services import DEMO_PASSWORD
from tests import factories

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture
def page(live_server, base_data_reloaded):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page()
        yield page
        browser.close()


def test_officer_finds_a_resident_without_diacritics_and_opens_the_record(page, live_server):
    factories.person("31120", full_name="Trần Thị Hòa", id_number="092190000001", date_of_birth=date(1990, 4, 2), sex="Nữ")
    factories.person("31144", full_name="Trần Thị Hòa", id_number="092190000002", date_of_birth=date(1990, 4, 2), sex="Nữ")
    page.goto(f"{live_server.url}/registry/")
    page.fill("#id_username", "anhoa")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
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
