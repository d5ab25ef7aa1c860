import pyarrow as pa
import pytest

from congan.cleansing import DecisionConflict, cluster, uncertain_pairs


def _pairs(rows):
    a, b, p, v = zip(*rows, strict=True)
    return pa.table({"record_id_l": a, "record_id_r": b, "match_probability": p, "veto": v})


IDS = ["a", "b", "c", "d", "e"]
PAIRS = _pairs(
    [
        ("a", "b", 0.99, False),
        ("b", "c", 0.95, False),
        ("c", "d", 0.70, False),  # uncertain: goes to review
        ("d", "e", 0.999, False),
    ]
)


def test_connected_components_and_weakest_link():
    result = cluster(IDS, PAIRS)
    assert result.person_id["a"] == result.person_id["c"] == "P-a"
    assert result.person_id["d"] == result.person_id["e"] == "P-d"
    assert result.match_probability["a"] == 0.99
    assert result.match_probability["b"] == 0.95  # its weaker link holds it
    assert result.match_probability["d"] == 0.999


def test_singleton_probability_is_one():
    assert cluster(["x"], None).match_probability["x"] == 1.0


def test_uncertain_pairs_between_thresholds():
    review = uncertain_pairs(PAIRS, lower=0.5, upper=0.9)
    assert review["record_id_l"].to_pylist() == ["c"]


def test_officer_merge_is_respected():
    result = cluster(IDS, PAIRS, must_link=[("c", "d")])
    assert len(set(result.person_id.values())) == 1


def test_officer_keep_apart_is_respected():
    result = cluster(IDS, PAIRS, cannot_link=[("a", "c")])
    assert result.person_id["a"] == result.person_id["b"]
    assert result.person_id["c"] != result.person_id["a"]


def test_model_veto_breaks_a_chain():
    pairs = _pairs([("a", "b", 0.99, False), ("b", "c", 0.98, False), ("a", "c", 0.1, True)])
    result = cluster(["a", "b", "c"], pairs)
    assert result.person_id["a"] != result.person_id["c"]


def test_contradictory_decisions_raise():
    with pytest.raises(DecisionConflict):
        cluster(IDS, PAIRS, must_link=[("a", "b")], cannot_link=[("a", "b")])


def test_decisions_survive_a_rerun(features, pairs):
    """A run, an officer's decisions on its review queue, the next run: decisions hold."""
    ids = features["record_id"].to_pylist()
    first = cluster(ids, pairs)
    members = [m for m in first.members().values() if len(m) >= 2]
    kept_apart = (members[0][0], members[0][1])
    singles = [m[0] for m in first.members().values() if len(m) == 1]
    merged = (singles[0], singles[1])

    second = cluster(ids, pairs, must_link=[merged], cannot_link=[kept_apart])
    assert second.person_id[kept_apart[0]] != second.person_id[kept_apart[1]]
    assert second.person_id[merged[0]] == second.person_id[merged[1]]
