"""Measures: the cleansing rate, and pairwise precision/recall/F1 against labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from congan.rates import fraction


@dataclass(frozen=True)
class PairwiseScores:
    true_positives: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(counter: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counter.values())


def pairwise_scores(predicted: Mapping[str, str], truth: Mapping[str, str]) -> PairwiseScores:
    """Pairs of records put together, compared with pairs that truly belong together.

    Counted from cluster sizes (no pair enumeration), so it scales to millions of records.
    """
    predicted_sizes = Counter(predicted.values())
    true_sizes = Counter(truth.values())
    both = Counter((predicted[r], truth[r]) for r in predicted)
    return PairwiseScores(_pairs(both), _pairs(predicted_sizes), _pairs(true_sizes))


def cleansing_rate(settled: int, records: int) -> float | None:
    """Records settled ÷ records, by the one rate convention (congan.rates): None for no records."""
    return fraction(settled, records)


def settled_count(
    match_probability: Mapping[str, float],
    findings_by_record: Mapping[str, list] | None = None,
    *,
    threshold: float = 0.9,
) -> int:
    """Records settled: held in their person at least `threshold` and without open findings."""
    findings_by_record = findings_by_record or {}
    return sum(
        1
        for rid, p in match_probability.items()
        if p >= threshold and not findings_by_record.get(rid)
    )
