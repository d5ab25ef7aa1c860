import json

from congan.dataquality.models import PairStatus
from congan.org.models import AuditEntry
from tests.dataquality import factories as dq


def _setup(model):
    mine = dq.uncertain_pair("31120")
    theirs = dq.uncertain_pair("31153", given="Hùng", number="092085005555", day=20, father="Trần Văn Lộc")
    dq.run(model)
    return dq.pair_of(*mine), dq.pair_of(*theirs)


def test_the_queue_api_lists_only_pairs_inside_the_jurisdiction_and_is_audited(db, model, client_for, anhoa):
    mine, _theirs = _setup(model)
    body = client_for(anhoa).get("/api/dataquality/queue").json()
    assert [p["id"] for p in body] == [mine.pk]
    assert body[0]["left"]["birth"] == "15/03/1985" and body[0]["right"]["birth"] == "15/04/1985"
    assert AuditEntry.objects.filter(action="list", object_type="dataquality.ReviewPair", actor=anhoa,
                                     detail__api=True).exists()


def test_the_decision_api_merges_inside_and_404s_outside(db, model, client_for, anhoa):
    mine, theirs = _setup(model)
    client = client_for(anhoa)
    unconfirmed = client.post(f"/api/dataquality/pairs/{mine.pk}/decision", json.dumps({"merge": True}),
                              content_type="application/json")
    assert unconfirmed.status_code == 409 and unconfirmed.json()["detail"]
    mine.refresh_from_db()
    assert mine.status == PairStatus.PENDING  # birth months differ: nothing merged without confirmation
    payload = json.dumps({"merge": True, "reason": "cùng người", "confirmed_differences": True})
    response = client.post(f"/api/dataquality/pairs/{mine.pk}/decision", payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == PairStatus.MERGED
    outside = client.post(f"/api/dataquality/pairs/{theirs.pk}/decision", payload, content_type="application/json")
    assert outside.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == PairStatus.PENDING
    assert AuditEntry.objects.filter(action="denied", object_id=str(theirs.pk), actor=anhoa).exists()
    again = client.post(f"/api/dataquality/pairs/{mine.pk}/decision", payload, content_type="application/json")
    assert again.status_code == 409
