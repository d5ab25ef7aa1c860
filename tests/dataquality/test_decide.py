"""A merge after its confirmation, or a keep-apart in one click; the decision is stored, applied and audited."""

from congan.dataquality.models import Decision, Membership, PairStatus
from congan.org.models import AuditEntry
from tests.dataquality import factories as dq


def _person(record) -> str:
    return Membership.objects.get(record=record, current=True).person_id


MERGE = {"decision": "merge", "confirmed": "on", "confirmed_differences": "on", "reason": "cùng cha mẹ, cùng quê"}


def test_a_confirmed_merge_joins_the_records_and_is_audited(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    assert _person(a) != _person(b)
    response = client_for(anhoa).post(f"/dataquality/pairs/{pair.pk}/decide/", MERGE, follow=True,
                                      HTTP_ACCEPT_LANGUAGE="en")
    assert "merged into one person" in response.content.decode()
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (PairStatus.MERGED, anhoa)
    assert Decision.objects.get(left=a, right=b).merge is True
    assert _person(a) == _person(b)
    entry = AuditEntry.objects.get(action="merge", object_type="dataquality.ReviewPair", object_id=str(pair.pk))
    assert entry.actor == anhoa and entry.detail["records"] == [a.pk, b.pk]
    assert f'id="pair-{pair.pk}"' not in response.content.decode()  # gone from the queue


def test_one_click_keep_apart_records_the_decision(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client_for(anhoa).post(f"/dataquality/pairs/{pair.pk}/decide/", {"decision": "keep_apart", "reason": "khác cha mẹ"})
    pair.refresh_from_db()
    assert (pair.status, pair.reason) == (PairStatus.KEPT_APART, "khác cha mẹ")
    assert Decision.objects.get(left=a, right=b).merge is False
    assert _person(a) != _person(b)
    assert AuditEntry.objects.filter(action="update", object_type="dataquality.ReviewPair",
                                     object_id=str(pair.pk), actor=anhoa).exists()


def test_a_decided_pair_cannot_be_decided_again(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client = client_for(anhoa)
    client.post(f"/dataquality/pairs/{pair.pk}/decide/", MERGE)
    response = client.post(f"/dataquality/pairs/{pair.pk}/decide/", {"decision": "keep_apart"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "already been decided" in response.content.decode()
    assert Decision.objects.get(left=a, right=b).merge is True


def test_city_leadership_may_read_the_queue_but_not_decide(db, model, client_for, lanhdao):
    a, b = dq.uncertain_pair()
    dq.run(model)
    pair = dq.pair_of(a, b)
    client = client_for(lanhdao)
    assert client.get("/dataquality/").status_code == 200
    assert client.post(f"/dataquality/pairs/{pair.pk}/decide/", MERGE).status_code == 403
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
