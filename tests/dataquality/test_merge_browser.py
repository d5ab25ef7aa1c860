"""The review queue in a real headless Chromium: one click on "merge"."""


import pytest

from congan.dataquality.models import Decision, PairStatus
from tests.dataquality import factories as dq

pytestmark = pytest.mark.browser


def test_officer_merges_a_pair_from_the_queue_with_one_click(page, live_server, sign_in, model):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    sign_in("anhoa", "/dataquality/")
    page.wait_for_selector(f"#pair-{pair.pk}")
    assert page.locator(f"#pair-{pair.pk} tr.differs").count() >= 1
    page.click(f"#pair-{pair.pk} button.merge")
    page.wait_for_selector(".messages .success")
    assert page.locator(f"#pair-{pair.pk}").count() == 0
    pair.refresh_from_db()
    assert pair.status == PairStatus.MERGED
    assert Decision.objects.get(left=a, right=b).merge is True
