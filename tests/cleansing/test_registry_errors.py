"""Accuracy on records with the registry error model (`congan.synth.noisy.REGISTRY_ERRORS`):
people who moved, wrong birth years, nicknames, names in another order, children named like a
parent, reused or mistyped CMND, households split across the 2025 reform."""

import pytest

from congan.cleansing import cluster, features_table, link, pairwise_scores, train
from congan.synth.noisy import REGISTRY_ERRORS, generate_noisy_records

#: Measured 0.99+ at 5,000 and 20,000 records (docs/BENCHMARKS.md); a floor, not the target.
F1_FLOOR = 0.98


@pytest.fixture(scope="module")
def run():
    rows = generate_noisy_records(5000, seed=21, errors=REGISTRY_ERRORS)
    features = features_table(rows)
    model = train(features, seed=21, max_u_pairs=1e6)
    pairs = link.predict(features, model)
    clusters = cluster(
        features["record_id"].to_pylist(),
        pairs,
        evidence=features,
        evidence_kinds=link.evidence_kinds(model),
    )
    return rows, clusters


def test_f1_floor_with_registry_errors(run):
    rows, clusters = run
    truth = {r["record_id"]: r["true_person"] for r in rows}
    scores = pairwise_scores(clusters.person_id, truth)
    assert scores.f1 >= F1_FLOOR, scores


def test_a_child_named_like_a_parent_stays_apart(run):
    rows, clusters = run
    person_of = {}
    for r in rows:
        person_of.setdefault(clusters.person_id[r["record_id"]], set()).add(r["true_person"])
    children = {r["true_person"] for r in rows if "named_like_parent" in r["errors"]}
    assert children
    merged = [t for p in person_of.values() for t in p if t in children and t[:-6] in p]
    assert not merged
