"""Both records of a pair must be in the user's area; anything else is a 404, audited."""

from congan.dataquality.models import PairStatus
from congan.org.models import AuditEntry
from tests.dataquality import factories as dq


def _setup(model):
    anhoa_pair = dq.uncertain_pair("31120", given="Bình", number="092085001234")
    omon_pair = dq.uncertain_pair("31153", given="Hùng", number="092085005555")
    cross_pair = dq.uncertain_pair("31120", given="Phúc", number="092085007777", other_unit="31144",
                                   day=22, father="Trần Văn Lộc")
    dq.run(model)
    return [dq.pair_of(*p) for p in (anhoa_pair, omon_pair, cross_pair)]


def _shown(client) -> set[int]:
    html = client.get("/dataquality/").content.decode()
    return {int(part.split('"')[0]) for part in html.split('id="pair-')[1:]}


def test_each_officer_sees_only_pairs_inside_their_area(db, model, client_for, anhoa, chauvanliem, ninhkieu):
    anhoa_pair, omon_pair, cross_pair = _setup(model)
    assert _shown(client_for(anhoa)) == {anhoa_pair.pk}  # the cross pair has a record in Xuân Khánh
    assert _shown(client_for(chauvanliem)) == {omon_pair.pk}
    assert _shown(client_for(ninhkieu)) == {anhoa_pair.pk, cross_pair.pk}


def test_an_outside_pair_is_not_found_and_the_attempt_is_audited(db, model, client_for, chauvanliem):
    anhoa_pair, _omon, _cross = _setup(model)
    client = client_for(chauvanliem)
    assert client.get(f"/dataquality/pairs/{anhoa_pair.pk}/").status_code == 404
    response = client.post(f"/dataquality/pairs/{anhoa_pair.pk}/decide/", {"decision": "merge"})
    assert response.status_code == 404
    anhoa_pair.refresh_from_db()
    assert anhoa_pair.status == PairStatus.PENDING
    denied = AuditEntry.objects.filter(action="denied", actor=chauvanliem, object_type="dataquality.ReviewPair",
                                       object_id=str(anhoa_pair.pk))
    assert denied.count() == 2


def test_a_pair_half_outside_the_area_is_not_found(db, model, client_for, anhoa):
    _anhoa, _omon, cross_pair = _setup(model)
    assert client_for(anhoa).get(f"/dataquality/pairs/{cross_pair.pk}/").status_code == 404


def test_the_auditor_has_no_access_to_the_queue(db, model, client_for, kiemtra):
    _setup(model)
    assert client_for(kiemtra).get("/dataquality/").status_code == 403
