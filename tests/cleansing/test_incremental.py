from congan.cleansing import cluster, link, link_incremental

from .conftest import partition


def test_incremental_equals_full_rerun(features, model, pairs):
    ids = features["record_id"].to_pylist()
    cut = int(len(ids) * 0.8)
    settled_feats = features.slice(0, cut)
    new_feats = features.slice(cut)

    settled_pairs = link.predict(settled_feats, model)
    settled = cluster(settled_feats["record_id"].to_pylist(), settled_pairs)
    settled_with_ids = settled_feats.append_column(
        "person_id", [[settled.person_id[r] for r in settled_feats["record_id"].to_pylist()]]
    )

    batch = link_incremental(new_feats, settled_with_ids, model)

    combined = dict(settled.person_id)
    for old, survivor in batch.merged.items():
        combined = {r: (survivor if p == old else p) for r, p in combined.items()}
    combined.update(batch.person_id)

    full = cluster(ids, pairs)
    assert partition(combined) == partition(full.person_id)
    assert set(batch.person_id) == set(new_feats["record_id"].to_pylist())


LOWER = 1e-4


def test_incremental_decisions_and_review_pairs(features, model):
    """Officers' decisions hold in a batch, and the batch returns its pairs for review."""
    ids = features["record_id"].to_pylist()
    cut = int(len(ids) * 0.8)
    settled_feats, new_feats = features.slice(0, cut), features.slice(cut)
    settled = cluster(settled_feats["record_id"].to_pylist(), link.predict(settled_feats, model))
    settled_with_ids = settled_feats.append_column(
        "person_id", [[settled.person_id[r] for r in settled_feats["record_id"].to_pylist()]]
    )
    # A low band: namesakes whose dates no one person could hold are no longer candidates
    # (frequency-aware blocking), so few pairs of this small set score above 1%.
    plain = link_incremental(new_feats, settled_with_ids, model, lower=LOWER)
    joined = next(r for r, p in plain.person_id.items() if p in set(settled.person_id.values()))
    some_settled = next(r for r, p in settled.person_id.items() if p == plain.person_id[joined])
    stranger = next(r for r, p in plain.person_id.items() if p == "P-" + r)

    decided = link_incremental(
        new_feats,
        settled_with_ids,
        model,
        lower=LOWER,
        cannot_link=[(joined, some_settled)],
        must_link=[(stranger, some_settled)],
    )
    assert decided.person_id[joined] != plain.person_id[joined]
    assert decided.person_id[stranger] == settled.person_id[some_settled]

    review = plain.uncertain
    new_ids = set(new_feats["record_id"].to_pylist())
    assert review.num_rows > 0
    for row in review.to_pylist():
        assert row["record_id_l"] in new_ids or row["record_id_r"] in new_ids
        assert row["veto"] or LOWER <= row["match_probability"] < 0.9


def test_a_batch_as_read_from_a_file_is_normalised(features, model, labelled_rows):
    """A batch given as an Arrow table of input records (what `read_records` returns) is
    normalised first, as rows are: the same assignments."""
    import pyarrow as pa

    ids = features["record_id"].to_pylist()
    cut = int(len(ids) * 0.9)
    settled_feats = features.slice(0, cut)
    settled = cluster(settled_feats["record_id"].to_pylist(), link.predict(settled_feats, model))
    settled_with_ids = settled_feats.append_column(
        "person_id", [[settled.person_id[r] for r in settled_feats["record_id"].to_pylist()]]
    )
    new_ids = set(ids[cut:])
    rows = [
        {k: v for k, v in r.items() if k not in ("true_person", "errors")}
        for r in labelled_rows
        if r["record_id"] in new_ids
    ]
    as_rows = link_incremental(rows, settled_with_ids, model)
    as_table = link_incremental(pa.Table.from_pylist(rows), settled_with_ids, model)
    assert as_table.person_id == as_rows.person_id
