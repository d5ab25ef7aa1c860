"""Sign in through a real headless Chromium."""


import pytest

from congan.org.services import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_officer_signs_in_and_sees_their_unit(page, live_server):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "anhoa")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#my-unit")
    assert "Công an phường An Hòa" in page.inner_text("#my-unit")


def test_wrong_password_is_refused(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "anhoa")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").is_visible()
    assert "/accounts/login/" in page.url
