"""Merging with safeguards: a confirmation page, a warning naming each decisive difference (which
then needs a tick and a reason), and an undo that splits the records again, is audited and holds
in later runs. (These tests sign in with English chosen, as the app's other cleansing tests do.)"""

from __future__ import annotations

from congan.dataquality import services
from congan.dataquality.models import Decision, Membership, PairStatus, ReviewPair
from congan.org.models import AuditEntry
from tests.dataquality import factories as dq

CONFIRMED = {"decision": "merge", "confirmed": "on", "confirmed_differences": "on", "reason": "cùng cha mẹ, cùng quê"}


def _person(record) -> str:
    return Membership.objects.get(record=record, current=True).person_id


def _state(pair):
    pair.refresh_from_db()
    return pair.status, Decision.objects.filter(left_id=pair.left_id, right_id=pair.right_id).count(), \
        sorted(Membership.objects.filter(current=True).values_list("record_id", "person_id"))


def test_merge_shows_a_confirmation_warning_of_each_decisive_difference(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client = client_for(anhoa)
    before = _state(pair)
    response = client.post(f"/dataquality/pairs/{pair.pk}/decide/", {"decision": "merge"})
    html = response.content.decode()
    assert response.status_code == 200 and "Confirm the merge" in html
    assert 'id="differences"' in html and "date of birth" in html.lower()
    assert "15/03/1985" in html and "15/04/1985" in html
    assert _state(pair) == before


def test_a_merge_over_differences_without_tick_or_reason_is_refused(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client = client_for(anhoa)
    before = _state(pair)
    for missing in ("confirmed_differences", "reason"):
        data = {k: v for k, v in CONFIRMED.items() if k != missing}
        response = client.post(f"/dataquality/pairs/{pair.pk}/decide/", data)
        assert response.status_code == 400 and "date of birth" in response.content.decode().lower()
        assert _state(pair) == before


def test_a_pair_without_decisive_differences_merges_after_a_plain_confirmation(db, model, client_for, anhoa):
    run = dq.run(model)
    a = dq.full_record("31120", "Khoa", "092085007777", father="Trần Văn Hai")
    b = dq.resident("31120", full_name="Nguyễn Văn Khoa", date_of_birth=a.date_of_birth, sex="Nam", source="cmnd")
    left, right = sorted((a, b), key=lambda p: p.pk)
    pair = ReviewPair.objects.create(run=run, left=left, right=right, probability=0.8)
    client = client_for(anhoa)
    page = client.post(f"/dataquality/pairs/{pair.pk}/decide/", {"decision": "merge"}).content.decode()
    assert "Confirm the merge" in page and 'id="differences"' not in page
    client.post(f"/dataquality/pairs/{pair.pk}/decide/", {"decision": "merge", "confirmed": "on"})
    pair.refresh_from_db()
    assert pair.status == PairStatus.MERGED


def test_undoing_a_merge_splits_the_records_is_audited_and_holds_in_later_runs(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    apart = (_person(a), _person(b))
    client = client_for(anhoa)
    client.post(f"/dataquality/pairs/{pair.pk}/decide/", CONFIRMED)
    assert _person(a) == _person(b)
    page = client.get(f"/dataquality/pairs/{pair.pk}/").content.decode()
    assert "Undo the merge" in page
    client.post(f"/dataquality/pairs/{pair.pk}/undo/", {"reason": "khác số CMND gốc"})
    pair.refresh_from_db()
    assert pair.status == PairStatus.UNMERGED and pair.reason == "khác số CMND gốc"
    assert (_person(a), _person(b)) == apart
    assert Decision.objects.get(left_id=pair.left_id, right_id=pair.right_id).merge is False
    entry = AuditEntry.objects.filter(action="update", object_type="dataquality.ReviewPair",
                                      object_id=str(pair.pk)).last()
    assert entry.actor == anhoa and entry.detail["undo"] == "merge"
    dq.run(model)  # a later run: the officer's undo holds
    assert _person(a) != _person(b)
    assert not ReviewPair.objects.filter(left_id=pair.left_id, right_id=pair.right_id, status="pending").exists()


def test_an_undo_needs_a_reason(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client = client_for(anhoa)
    client.post(f"/dataquality/pairs/{pair.pk}/decide/", CONFIRMED)
    before = _state(pair)
    response = client.post(f"/dataquality/pairs/{pair.pk}/undo/", {"reason": "  "}, follow=True)
    assert "Say why the decision is undone" in response.content.decode()
    assert _state(pair) == before


def test_undoing_a_keep_apart_puts_the_pair_back_in_the_queue(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client = client_for(anhoa)
    client.post(f"/dataquality/pairs/{pair.pk}/decide/", {"decision": "keep_apart"})
    client.post(f"/dataquality/pairs/{pair.pk}/undo/", {"reason": "bấm nhầm"})
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
    assert not Decision.objects.filter(left_id=pair.left_id, right_id=pair.right_id).exists()
    assert f'id="pair-{pair.pk}"' in client.get("/dataquality/").content.decode()


def test_an_officer_of_another_ward_cannot_undo(db, model, client_for, anhoa, chauvanliem):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    services.decide(pair=pair, actor=anhoa, merge=True, reason="cùng người", confirmed_differences=True)
    before = _state(pair)
    assert client_for(chauvanliem).post(f"/dataquality/pairs/{pair.pk}/undo/", {"reason": "x"}).status_code == 404
    assert _state(pair) == before
    assert AuditEntry.objects.filter(action="denied", actor=chauvanliem, object_id=str(pair.pk)).exists()
