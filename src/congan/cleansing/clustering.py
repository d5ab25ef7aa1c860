"""Clustering: scored pairs → persons, respecting prior human decisions.

Connected components over pairs at or above a threshold, built by Kruskal's method from the
strongest pair down so that a merge can be refused: by a human `cannot_link` decision, or by a
model veto (two records the model is certain are different people, such as twins with
different given names or different CCCDs) that a chain of strong links would otherwise join.
Where nothing is refused the result is exactly the connected components.

Pairwise vetoes only exist for pairs that were scored, and twins with different given names are
never blocked together: each can still be linked to the other's noisy duplicate. So, given the
records' `evidence`, each component also carries what it knows for certain — its CCCD and CMND
numbers, its given names, its full birth dates with sex — and two components are never joined
when that evidence conflicts (`conflict`), whether or not any pair across them was scored.

A record's `match_probability` is the weakest of its own links in the cluster's maximum
spanning tree: the least certain link by which it is held in its person (1.0 alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

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


@dataclass(frozen=True)
class Evidence:
    """What a record (or a component of records) says for certain about who it is."""

    cccd: frozenset = frozenset()
    cmnd: frozenset = frozenset()
    given: frozenset = frozenset()
    births: frozenset = frozenset()  # (year, month, day, sex or None) for full dates only
    other_id: frozenset = frozenset()

    def __or__(self, other: Evidence) -> Evidence:
        return Evidence(
            self.cccd | other.cccd,
            self.cmnd | other.cmnd,
            self.given | other.given,
            self.births | other.births,
            self.other_id | other.other_id,
        )


#: What evidence can tell apart, by the model comparison it stands for.
EVIDENCE_KINDS = frozenset({"cccd", "cmnd", "other_id", "given", "dob"})


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein (optimal string alignment) distance ≤ 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def jaro_winkler(a: str, b: str) -> float:
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    window = max(max(la, lb) // 2 - 1, 0)
    used = [False] * lb
    matched_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(lb, i + window + 1)):
            if not used[j] and b[j] == ch:
                used[j] = True
                matched_a.append(ch)
                break
    m = len(matched_a)
    if not m:
        return 0.0
    matched_b = [b[j] for j in range(lb) if used[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) / 2
    jaro = (m / la + m / lb + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def spelling_variants(a: str, b: str) -> bool:
    """The model's given-name levels above its veto: same, one edit, or Jaro-Winkler ≥ 0.88."""
    return _within_one_edit(a, b) or jaro_winkler(a, b) >= 0.88


def _numbers_conflict(left: frozenset, right: frozenset) -> bool:
    """Both hold numbers, and none on one side is the other side's number or a typo of it."""
    if not left or not right or left & right:
        return False
    return not any(_within_one_edit(a, b) for a in left for b in right)


def _births_agree(a: tuple, b: tuple) -> bool:
    """Same sex (or one unknown) and dates one typo apart: at most one of day, month and year
    differs (a year by one digit), or day and month are swapped."""
    (ya, ma, da, sa), (yb, mb, db, sb) = a, b
    if sa and sb and sa != sb:
        return False
    if ya == yb and ma == db and da == mb:
        return True
    # A year one digit or up to two years off: a typo, or an age misreported in one source.
    year_close = ya == yb or abs(ya - yb) <= 2 or _within_one_edit(str(ya), str(yb))
    differ = (ya != yb) + (ma != mb) + (da != db)
    return differ <= 1 and year_close


def conflict(left: Evidence, right: Evidence, kinds: frozenset[str] = EVIDENCE_KINDS) -> str | None:
    """Why two components cannot be one person, or None.

    Different CCCDs (or CMNDs, or other ID numbers) beyond a one-digit typo (different CMNDs
    not where a given name and a full birth date agree); a given name on
    one side that is not a spelling variant of one on the other (the model's veto, component
    to component) — unless both share an ID number and a full birth date, as one person
    under a nickname does; full birth dates with sex of which no pair agrees (allowing a day
    off, day and month swapped, a year typo). Only the `kinds` the model treats as vetoes
    count (`link.evidence_kinds`): on a file where given names are often mistyped, a
    different one is no proof of two people.
    """
    for kind in ("cccd", "cmnd", "other_id"):
        if kind in kinds and _numbers_conflict(getattr(left, kind), getattr(right, kind)):
            # A CMND is reused within households (a relative's written on a form): the same
            # given name and full birth date outweigh it. A CCCD is not.
            if kind == "cmnd" and left.given & right.given and left.births & right.births:
                continue
            return kind
    if (
        "given" in kinds
        and left.given != right.given
        and not all(spelling_variants(a, b) for a in left.given for b in right.given)
        and not (_share_an_id(left, right) and left.births & right.births)
    ):
        return "given"
    if (
        "dob" in kinds
        and left.births
        and right.births
        and not left.births & right.births
        and not any(_births_agree(a, b) for a in left.births for b in right.births)
    ):
        return "birth"
    return None


def _share_an_id(left: Evidence, right: Evidence) -> bool:
    return bool(left.cccd & right.cccd or left.cmnd & right.cmnd or left.other_id & right.other_id)


def record_evidence(features: pa.Table, record_ids=None) -> dict[str, Evidence]:
    """Evidence per record from a features table (optionally only for `record_ids`)."""
    if record_ids is not None:
        wanted = pa.array(sorted(set(record_ids)), pa.string())
        features = features.filter(pc.is_in(features["record_id"], value_set=wanted))
    names = ("record_id", "cccd", "cmnd", "other_id", "given_key", "dob_year", "dob_month",
             "dob_day", "sex")  # fmt: skip
    cols = [
        features[c].to_pylist() if c in features.column_names else [None] * features.num_rows
        for c in names
    ]
    empty = Evidence()
    out: dict[str, Evidence] = {}
    one = frozenset
    for rid, cccd, cmnd, other, given, year, month, day, sex in zip(*cols, strict=True):
        births = one({(year, month, day, sex)}) if year and month and day else one()
        ev = Evidence(
            one({cccd}) if cccd else one(),
            one({cmnd}) if cmnd else one(),
            one({given}) if given else one(),
            births,
            one({other}) if other else one(),
        )
        out[rid] = ev if ev != empty else empty
    return out


class _Forest:
    def __init__(
        self,
        nodes: Iterable[str],
        evidence: dict[str, Evidence] | None = None,
        kinds: frozenset[str] = EVIDENCE_KINDS,
    ) -> None:
        self.kinds = kinds
        self.parent = {n: n for n in nodes}
        self.size = dict.fromkeys(self.parent, 1)
        self.apart: dict[str, set[str]] = {}  # root → roots it must not join
        self.evidence = dict(evidence) if evidence else {}  # root → its component's evidence
        self.refused = 0  # unions refused for conflicting evidence

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

    def union(self, a: str, b: str, *, check: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb in self.apart.get(ra, ()):
            return False
        ea, eb = self.evidence.get(ra), self.evidence.get(rb)
        if check and ea is not None and eb is not None and conflict(ea, eb, self.kinds):
            self.refused += 1
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if ea is not None or eb is not None:
            self.evidence.pop(rb, None)
            self.evidence[ra] = (ea or Evidence()) | (eb or Evidence())
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
    evidence: Mapping[str, Evidence] | pa.Table | None = None,
    evidence_kinds: Iterable[str] = EVIDENCE_KINDS,
) -> Clusters:
    """Persons from scored pairs. Human decisions win over the model in both directions.

    With `evidence` (record_id → `Evidence`, see `record_evidence`, or the features table
    itself), no link joins two components whose evidence conflicts (in the `evidence_kinds`
    the model vetoes on, `link.evidence_kinds`); an officer's must-link still does.
    """
    links, vetoed = _edges(pairs, threshold)
    if evidence is not None:
        linked = {n for _, a, b in links for n in (a, b)}
        if isinstance(evidence, pa.Table):  # a features table: only linked records matter
            evidence = record_evidence(evidence, linked)
        else:
            evidence = {n: evidence[n] for n in linked if n in evidence}
    forest = _Forest(record_ids, evidence, frozenset(evidence_kinds))
    for a, b in cannot_link:
        forest.forbid(a, b)
    weakest: dict[str, float] = {}

    def join(p: float, a: str, b: str) -> None:
        if forest.union(a, b):
            for r in (a, b):
                weakest[r] = min(weakest.get(r, 1.0), p)

    for a, b in must_link:
        if forest.find(a) != forest.find(b) and not forest.union(a, b, check=False):
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
