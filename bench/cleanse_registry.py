"""The demo-like registry: one clean record per resident plus ~3% noisy duplicates.

    uv run python bench/cleanse_registry.py [--residents 20000] [--seed 2026] [--synthetic-model]

This is what `congan demo` loads (registry demo + dataquality duplicates), built here without
the database: clean rows as the residents CSV writes them, then noisy records of the same
synthetic people from `congan.synth.noisy`. It trains on the registry itself (or, with
`--synthetic-model`, on 12,000 benchmark records: the old demo workaround), clusters, and
counts false merges: persons holding records of more than one true person.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections import Counter
from collections.abc import Mapping

from congan.cleansing import cluster, link, pairwise_scores, training
from congan.cleansing.clustering import record_evidence
from congan.cleansing.features import features_table
from congan.synth.noisy import generate_noisy_records, registry_with_duplicates


def false_merges(person_id: Mapping[str, str], truth: Mapping[str, str]) -> int:
    """True persons merged into someone else's person: Σ over persons of (true persons − 1)."""
    people: dict[str, set[str]] = {}
    for rid, pid in person_id.items():
        people.setdefault(pid, set()).add(truth[rid])
    return sum(len(s) - 1 for s in people.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--synthetic-model", action="store_true")
    parser.add_argument("--no-evidence", action="store_true", help="pairwise vetoes only")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    rows = registry_with_duplicates(args.residents, seed=args.seed)
    truth = {r["record_id"]: r["true_person"] for r in rows}
    dupes = len(rows) - args.residents
    print(f"{len(rows)} records ({dupes} duplicates), {len(set(truth.values()))} true persons")
    started = time.perf_counter()
    features = features_table(rows)
    if args.synthetic_model:
        model = training.train(
            features_table(generate_noisy_records(12_000, seed=args.seed + 1)), max_u_pairs=1e6
        )
    else:
        model = training.train(features)
    pairs = link.predict(features, model)
    evidence = None if args.no_evidence else record_evidence(features)
    result = cluster(features["record_id"].to_pylist(), pairs, evidence=evidence)
    seconds = time.perf_counter() - started
    s = pairwise_scores(result.person_id, truth)
    sizes = Counter(Counter(result.person_id.values()).values())
    print(f"λ = {model.settings['probability_two_random_records_match']:.3g}")
    print(f"persons {len(set(result.person_id.values()))}, sizes {dict(sorted(sizes.items()))}")
    print(f"false merges (true persons joined to another): {false_merges(result.person_id, truth)}")
    print(f"precision {s.precision:.4f} recall {s.recall:.4f} F1 {s.f1:.4f}  {seconds:.1f} s")


if __name__ == "__main__":
    main()
