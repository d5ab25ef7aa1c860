"""Clustering: scored pairs → persons, respecting prior human decisions.

Connected components over pairs at or above a threshold, built by Kruskal's method from the
strongest pair down so that a merge can be refused: by a human `cannot_link` decision, or by a
model veto (two records the model is certain are different people, such as twins with
different given names or different CCCDs) that a chain of strong links would otherwise join.
Where nothing is refused the result is exactly the connected components.

A record's `match_probability` is the weakest of its own links in the cluster's maximum
spanning tree: the least certain link by which it is held in its person (1.0 alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyarrow as pa

from .link import MATCH_THRESHOLD

Pair = tuple[str, str]


class DecisionConflict(ValueError):
    """Human decisions contradict each other (a must-link chain joins a cannot-link pair)."""


@dataclass(frozen=True)
class Clusters:
    """record_id → person_id and match_probability."""

    person_id: dict[str, str]
    match_probability: dict[str, float]

    def to_table(self) -> pa.Table:
        ids = list(self.person_id)
        return pa.table(
            {
                "record_id": ids,
                "person_id": [self.person_id[r] for r in ids],
                "match_probability": [self.match_probability[r] for r in ids],
            }
        )

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for rid, pid in self.person_id.items():
            out.setdefault(pid, []).append(rid)
        return out


class _Forest:
    def __init__(self, nodes: Iterable[str]) -> None:
        self.parent = {n: n for n in nodes}
        self.size = dict.fromkeys(self.parent, 1)
        self.apart: dict[str, set[str]] = {}  # root → roots it must not join

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def forbid(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            raise DecisionConflict(f"records {a} and {b} were decided apart but are linked")
        self.apart.setdefault(ra, set()).add(rb)
        self.apart.setdefault(rb, set()).add(ra)

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb in self.apart.get(ra, ()):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        moved = self.apart.pop(rb, None)
        if moved:
            keep = self.apart.setdefault(ra, set())
            for other in moved:
                other_set = self.apart[other]
                other_set.discard(rb)
                other_set.add(ra)
                keep.add(other)
        return True


def _edges(
    pairs: pa.Table | None, threshold: float
) -> tuple[list[tuple[float, str, str]], list[Pair]]:
    """(links at or above threshold, vetoed pairs)."""
    if pairs is None or pairs.num_rows == 0:
        return [], []
    left = pairs["record_id_l"].to_pylist()
    right = pairs["record_id_r"].to_pylist()
    prob = pairs["match_probability"].to_pylist()
    veto = pairs["veto"].to_pylist() if "veto" in pairs.column_names else [False] * len(prob)
    links, vetoed = [], []
    for a, b, p, v in zip(left, right, prob, veto, strict=True):
        if v:
            vetoed.append((a, b))
        elif p >= threshold:
            links.append((p, a, b))
    return links, vetoed


def _binding(record_ids: Sequence[str], links, vetoed: list[Pair]) -> list[Pair]:
    """The vetoed pairs that links would otherwise put in one person.

    Most vetoed pairs (siblings, namesakes) never end up in one component; only the few that
    do need to constrain the merge order, which keeps clustering fast at millions of records.
    """
    if not vetoed:
        return []
    plain = _Forest(record_ids)
    for _, a, b in links:
        plain.union(a, b)
    return [(a, b) for a, b in vetoed if plain.find(a) == plain.find(b)]


def cluster(
    record_ids: Sequence[str],
    pairs: pa.Table | None,
    *,
    threshold: float = MATCH_THRESHOLD,
    must_link: Iterable[Pair] = (),
    cannot_link: Iterable[Pair] = (),
) -> Clusters:
    """Persons from scored pairs. Human decisions win over the model in both directions."""
    links, vetoed = _edges(pairs, threshold)
    forest = _Forest(record_ids)
    for a, b in cannot_link:
        forest.forbid(a, b)
    weakest: dict[str, float] = {}

    def join(p: float, a: str, b: str) -> None:
        if forest.union(a, b):
            for r in (a, b):
                weakest[r] = min(weakest.get(r, 1.0), p)

    for a, b in must_link:
        if forest.find(a) != forest.find(b) and not forest.union(a, b):
            raise DecisionConflict(f"records {a} and {b} were decided together and apart")
        weakest.setdefault(a, 1.0)
        weakest.setdefault(b, 1.0)
    for a, b in _binding(record_ids, links, vetoed):
        if forest.find(a) != forest.find(b):  # a human must-link overrides the model's veto
            forest.forbid(a, b)
    # Strongest first: ties broken by ids so that the output never depends on input order.
    links.sort(key=lambda e: (-e[0], e[1], e[2]))
    for p, a, b in links:
        join(p, a, b)

    # A person is named after its smallest record id: stable and readable.
    name: dict[str, str] = {}
    for rid in record_ids:
        root = forest.find(rid)
        if root not in name or rid < name[root]:
            name[root] = rid
    person = {rid: "P-" + name[forest.find(rid)] for rid in record_ids}
    prob = {rid: weakest.get(rid, 1.0) for rid in record_ids}
    return Clusters(person, prob)
