"""The review queue in a real headless Chromium: merge after the confirmation that warns of the
differing date of birth, then undo it from the pair's page."""


import pytest

from congan.dataquality.models import Decision, Membership, PairStatus
from tests.dataquality import factories as dq

pytestmark = pytest.mark.browser


def _person(record) -> str:
    return Membership.objects.get(record=record, current=True).person_id


def test_officer_merges_after_the_warning_then_undoes_the_merge(page, live_server, sign_in, model):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    sign_in("anhoa", "/dataquality/")
    page.wait_for_selector(f"#pair-{pair.pk}")
    assert page.locator(f"#pair-{pair.pk} tr.differs").count() >= 1
    page.click(f"#pair-{pair.pk} button.merge")
    page.wait_for_selector("#differences")
    assert "15/03/1985" in page.inner_text("#differences")
    page.fill("main input[name=reason]", "cùng cha mẹ, cùng quê")
    page.check("main input[name=confirmed_differences]")
    page.click("main button.merge")
    page.wait_for_selector(".messages .success")
    assert page.locator(f"#pair-{pair.pk}").count() == 0
    pair.refresh_from_db()
    assert pair.status == PairStatus.MERGED and _person(a) == _person(b)
    assert Decision.objects.get(left=a, right=b).merge is True

    page.goto(f"{live_server.url}/dataquality/pairs/{pair.pk}/")
    page.fill("form.dq-undo input[name=reason]", "khác số CMND gốc")
    page.click("form.dq-undo button.undo")
    page.wait_for_selector(".messages .success")
    pair.refresh_from_db()
    assert pair.status == PairStatus.UNMERGED and _person(a) != _person(b)
    assert Decision.objects.get(left=a, right=b).merge is False
