"""The review queue in a real headless Chromium: one click on "merge"."""

import shutil

import pytest

from congan.dataquality.models import Decision, PairStatus
from congan.org.services import DEMO_PASSWORD
from tests.dataquality import factories as dq

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


def test_officer_merges_a_pair_from_the_queue_with_one_click(page, live_server, model):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    page.goto(f"{live_server.url}/dataquality/")
    page.fill("#id_username", "anhoa")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(f"#pair-{pair.pk}")
    assert page.locator(f"#pair-{pair.pk} tr.differs").count() >= 1
    page.click(f"#pair-{pair.pk} button.merge")
    page.wait_for_selector(".messages .success")
    assert page.locator(f"#pair-{pair.pk}").count() == 0
    pair.refresh_from_db()
    assert pair.status == PairStatus.MERGED
    assert Decision.objects.get(left=a, right=b).merge is True
