"""Incremental linking: a new batch against the settled registry, without a full re-run.

Only new×settled and new×new pairs are scored with the stored model; settled×settled pairs
were settled by earlier runs. Settled persons enter the graph as single nodes, so a batch
record joins a person, starts one, or (when it bridges two) merges them — the same partition
a full re-run gives, because both are connected components of the same links. A settled
person's node carries the evidence of all its records (CCCD, CMND, given names, birth dates),
so a batch record cannot bridge two persons that conflict; officers' decisions between records
hold as between their persons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from . import link
from .clustering import Evidence, Pair, cluster, record_evidence
from .features import SCHEMA, features_table

_PERSON_NODE = "\x00person:"


@dataclass(frozen=True)
class Assignments:
    person_id: dict[str, str]  # new record_id → person_id (existing or new)
    match_probability: dict[str, float]
    merged: dict[str, str] = field(default_factory=dict)  # old person_id → surviving person_id
    #: pairs involving a new record for review: lower ≤ probability < threshold, or vetoed
    #: (record_id_l, record_id_r, match_probability, veto; whoever ended in which person)
    uncertain: pa.Table | None = None


def _as_features(records, provinces: tuple[str, ...]) -> pa.Table:
    """A features table as given; input records (rows, or a table of the input contract as
    `read_records` returns) normalised."""
    if isinstance(records, pa.Table) and set(SCHEMA.names) <= set(records.column_names):
        return records
    return features_table(records, provinces=provinces)


def link_incremental(
    new_records: Iterable[Mapping[str, object]] | pa.Table,
    settled: pa.Table,
    model: link.Model,
    *,
    engine: str = "duckdb",
    threshold: float = link.MATCH_THRESHOLD,
    lower: float = link.REVIEW_THRESHOLD,
    must_link: Iterable[Pair] = (),
    cannot_link: Iterable[Pair] = (),
    provinces: tuple[str, ...] = (),
) -> Assignments:
    """Assign a batch to persons. `settled` is a features table with a `person_id` column
    (as `cleanse_file` stores in `<output>.features.parquet`).

    `must_link` / `cannot_link` are officers' decisions between records (new or settled):
    a kept-apart pair keeps their persons apart, a merged pair joins them (reported in
    `merged` when both were settled persons). `provinces` as in `features_table`.
    """
    new = _as_features(new_records, provinces)
    person_of = dict(
        zip(settled["record_id"].to_pylist(), settled["person_id"].to_pylist(), strict=True)
    )
    pairs = link.predict_between(
        settled.drop_columns(["person_id"]), new, model, engine=engine, threshold=lower
    )

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
    known = set(new_ids) | set(person_of)
    must = [(node(a), node(b)) for a, b in must_link if a in known and b in known]
    cannot = [(node(a), node(b)) for a, b in cannot_link if a in known and b in known]
    must = [(a, b) for a, b in must if a != b]
    cannot = [(a, b) for a, b in cannot if a != b]
    touched = {n for col in ("record_id_l", "record_id_r") for n in mapped[col].to_pylist()}
    touched |= {n for pair in must for n in pair}
    persons = {n for n in touched if n.startswith(_PERSON_NODE)}
    cannot = [
        (a, b) for a, b in cannot if a in persons | set(new_ids) and b in persons | set(new_ids)
    ]
    nodes = new_ids + sorted(persons)
    clusters = cluster(
        nodes,
        mapped,
        threshold=threshold,
        must_link=must,
        cannot_link=cannot,
        evidence=_evidence(new, settled, persons),
        evidence_kinds=link.evidence_kinds(model),
    )

    groups = clusters.members()
    person_id: dict[str, str] = {}
    merged: dict[str, str] = {}
    for members in groups.values():
        persons_here = sorted(
            m.removeprefix(_PERSON_NODE) for m in members if m.startswith(_PERSON_NODE)
        )
        records = [m for m in members if not m.startswith(_PERSON_NODE)]
        survivor = persons_here[0] if persons_here else "P-" + min(records)
        for other in persons_here[1:]:
            merged[other] = survivor
        for r in records:
            person_id[r] = survivor
    prob = {r: clusters.match_probability[r] for r in new_ids}
    uncertain = link.uncertain_pairs(pairs, lower=lower, upper=threshold)
    return Assignments(person_id, prob, merged, uncertain)


def _evidence(new: pa.Table, settled: pa.Table, persons: set[str]) -> dict[str, Evidence]:
    """Evidence of each new record and of each settled person in play (all its records)."""
    evidence = record_evidence(new)
    wanted = pa.array(sorted(p.removeprefix(_PERSON_NODE) for p in persons), pa.string())
    members = settled.filter(pc.is_in(settled["person_id"], value_set=wanted))
    by_record = record_evidence(members)
    for rid, pid in zip(
        members["record_id"].to_pylist(), members["person_id"].to_pylist(), strict=True
    ):
        key = _PERSON_NODE + pid
        evidence[key] = evidence[key] | by_record[rid] if key in evidence else by_record[rid]
    return evidence
