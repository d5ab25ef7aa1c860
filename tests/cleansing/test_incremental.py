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
