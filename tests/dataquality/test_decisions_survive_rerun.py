"""An officer's decision outlives the run it was made in: the next run obeys it."""

from congan.dataquality import services
from congan.dataquality.models import Membership, ReviewPair
from tests.dataquality import factories as dq


def _persons(run, *records) -> set[str]:
    return set(Membership.objects.filter(run=run, record__in=records).values_list("person_id", flat=True))


def test_a_merge_holds_in_the_next_run_although_the_model_splits_the_pair(db, model, anhoa):
    a, b = dq.uncertain_pair()
    first = dq.run(model)
    assert len(_persons(first, a, b)) == 2  # the model alone keeps them apart
    services.decide(pair=dq.pair_of(a, b), actor=anhoa, merge=True, reason="cùng CCCD gốc", confirmed_differences=True)
    second = dq.run(model)
    assert len(_persons(second, a, b)) == 1
    assert second.settings["must_link"] == 1
    assert not ReviewPair.objects.filter(run=second).exists()  # decided: not asked again


def test_keep_apart_holds_in_the_next_run_although_the_model_joins_the_pair(db, model, anhoa):
    a, b = dq.strong_pair()
    # A strict run (match only from 0.99) puts the ≈0.97 pair in the queue…
    strict = dq.run(model, upper=0.99)
    pair = dq.pair_of(a, b)
    services.decide(pair=pair, actor=anhoa, merge=False, reason="hai anh em")
    # …and a normal run, which would join them at 0.9, keeps them apart.
    normal = dq.run(model)
    assert len(_persons(strict, a, b)) == 2
    assert len(_persons(normal, a, b)) == 2
    assert normal.settings["cannot_link"] == 1


def test_without_a_decision_the_normal_run_joins_the_strong_pair(db, model):
    a, b = dq.strong_pair()
    assert len(_persons(dq.run(model), a, b)) == 1
