"""Incremental linking: a new batch against the settled registry, without a full re-run.

Only new×settled and new×new pairs are scored with the stored model; settled×settled pairs
were settled by earlier runs. Settled persons enter the graph as single nodes, so a batch
record joins a person, starts one, or (when it bridges two) merges them — the same partition
a full re-run gives, because both are connected components of the same links.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyarrow as pa

from . import link
from .cluster import cluster
from .features import features_table

_PERSON_NODE = "\x00person:"


@dataclass(frozen=True)
class Assignments:
    person_id: dict[str, str]  # new record_id → person_id (existing or new)
    match_probability: dict[str, float]
    merged: dict[str, str] = field(default_factory=dict)  # old person_id → surviving person_id


def _as_features(records) -> pa.Table:
    if isinstance(records, pa.Table):
        return records
    return features_table(records)


def link_incremental(
    new_records: Iterable[Mapping[str, object]] | pa.Table,
    settled: pa.Table,
    model: link.Model,
    *,
    engine: str = "duckdb",
    threshold: float = link.MATCH_THRESHOLD,
) -> Assignments:
    """Assign a batch to persons. `settled` is a features table with a `person_id` column
    (as `cleanse_file` stores in `<output>.features.parquet`)."""
    new = _as_features(new_records)
    person_of = dict(
        zip(settled["record_id"].to_pylist(), settled["person_id"].to_pylist(), strict=True)
    )
    pairs = link.predict_between(settled.drop_columns(["person_id"]), new, model, engine=engine)

    def node(rid: str) -> str:
        pid = person_of.get(rid)
        return rid if pid is None else _PERSON_NODE + pid

    mapped = pa.table(
        {
            "record_id_l": [node(r) for r in pairs["record_id_l"].to_pylist()],
            "record_id_r": [node(r) for r in pairs["record_id_r"].to_pylist()],
            "match_probability": pairs["match_probability"],
            "veto": pairs["veto"],
        }
    )
    new_ids = new["record_id"].to_pylist()
    touched = {n for col in ("record_id_l", "record_id_r") for n in mapped[col].to_pylist()}
    nodes = new_ids + sorted(n for n in touched if n.startswith(_PERSON_NODE))
    clusters = cluster(nodes, mapped, threshold=threshold)

    groups = clusters.members()
    person_id: dict[str, str] = {}
    merged: dict[str, str] = {}
    for members in groups.values():
        persons = sorted(
            m.removeprefix(_PERSON_NODE) for m in members if m.startswith(_PERSON_NODE)
        )
        records = [m for m in members if not m.startswith(_PERSON_NODE)]
        survivor = persons[0] if persons else "P-" + min(records)
        for other in persons[1:]:
            merged[other] = survivor
        for r in records:
            person_id[r] = survivor
    prob = {r: clusters.match_probability[r] for r in new_ids}
    return Assignments(person_id, prob, merged)
