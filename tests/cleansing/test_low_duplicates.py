"""Training on a registry where duplicates are rare (one record per resident, ~3% more)."""

import pyarrow.compute as pc
import pytest

from congan.cleansing import (
    TrainingFailed,
    cleanse_records,
    features_table,
    link,
    pairwise_scores,
    training,
)
from congan.synth.noisy import registry_with_duplicates


@pytest.fixture(scope="module")
def registry():
    return registry_with_duplicates(4000, seed=2026)


@pytest.fixture(scope="module")
def result(registry):
    """One run, trained on the registry itself, its review band starting at 0.001."""
    return cleanse_records(registry, lower=0.001)


def _false_merges(person_id, truth):
    people: dict[str, set[str]] = {}
    for rid, pid in person_id.items():
        people.setdefault(pid, set()).add(truth[rid])
    return sum(len(s) - 1 for s in people.values())


def test_trains_on_the_registry_itself(registry, result):
    clusters, _pairs, _features, model = result
    truth = {r["record_id"]: r["true_person"] for r in registry}
    prior = model.settings["probability_two_random_records_match"]
    assert 1e-7 < prior < 1e-3  # from near-certain rules, not collapsed by EM
    scores = pairwise_scores(clusters.person_id, truth)
    assert scores.recall >= 0.95, scores  # the duplicates are found
    assert _false_merges(clusters.person_id, truth) <= 2  # siblings and twins stay apart


def test_a_model_that_links_nothing_is_refused(result):
    """Identical copies of a record must score at least the match threshold."""
    _c, _p, features, model = result
    broken = link.Model(dict(model.settings, probability_two_random_records_match=1e-40))
    with pytest.raises(TrainingFailed, match="identical records"):
        training.check_model(broken, features)
    training.check_model(model, features)  # the trained one passes


def test_no_near_certain_matches_fails_clearly():
    rows = [{"record_id": str(i), "full_name": f"Người {i}"} for i in range(50)]
    with pytest.raises(TrainingFailed):
        training.train(features_table(rows))


def test_uncertain_pairs_below_the_default_review_threshold(result):
    """The review band can start below the engine's default (0.5): those pairs are kept."""
    _c, pairs, _f, _m = result
    linked = pairs.filter(pc.invert(pairs["veto"]))["match_probability"].to_pylist()
    assert min(linked) >= 0.001
    assert any(p < 0.5 for p in linked)
