from congan.dataquality.models import PairStatus, ReviewPair
from congan.org.models import AuditEntry
from tests.dataquality import factories as dq


def test_an_uncertain_pair_lands_in_the_queue_and_a_sure_one_does_not(db, model):
    a, b = dq.uncertain_pair()
    dq.strong_pair()
    run = dq.run(model)
    pairs = list(ReviewPair.objects.filter(run=run))
    assert [(p.left_id, p.right_id) for p in pairs] == [(a.pk, b.pk)]
    assert pairs[0].status == PairStatus.PENDING
    assert 0.5 <= pairs[0].probability < 0.9
    assert run.review_pairs == 1


def test_the_queue_shows_both_records_side_by_side_with_differences_marked(db, model, client_for, anhoa):
    a, b = dq.uncertain_pair()
    dq.run(model)
    response = client_for(anhoa).get("/dataquality/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert a.record_id in html and b.record_id in html
    pair = dq.pair_of(a, b)
    assert f"<strong>{pair.probability:.3f}</strong>" in html
    assert '<tr class="differs"><th scope="row">Date of birth</th><td>15/03/1985</td><td>15/04/1985</td>' in html
    assert '<tr class="same"><th scope="row">Full name</th><td>Nguyễn Văn Bình</td>' in html
    assert AuditEntry.objects.filter(action="list", object_type="dataquality.ReviewPair", actor=anhoa,
                                     detail__records=[a.pk, b.pk]).exists()


def test_a_rerun_replaces_the_open_pairs_instead_of_doubling_them(db, model):
    dq.uncertain_pair()
    first = dq.run(model)
    second = dq.run(model)
    assert ReviewPair.objects.get(run=first).status == PairStatus.SUPERSEDED
    assert ReviewPair.objects.get(run=second).status == PairStatus.PENDING
