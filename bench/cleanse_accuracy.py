"""Accuracy: pairwise precision, recall and F1 of congan and of plain Splink, same run.

uv run python bench/cleanse_accuracy.py [--records 50000] [--seed 1] [--errors registry]
    [--skip-plain]

`--errors registry` adds the registry error model (`congan.synth.noisy.REGISTRY_ERRORS`:
people who moved, wrong birth years, nicknames, given names in another order, children named
like a parent, reused or mistyped CMND, households split across the 2025 reform); congan's
recall is then also given per error kind (true pairs with a damaged record) and its false
merges of a child with the parent named alike.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections import Counter, defaultdict

from cleanse_plain import plain_table, run_plain
from congan.cleansing import cluster, link, pairwise_scores, training
from congan.cleansing.features import features_table
from congan.synth.noisy import REGISTRY_ERRORS, generate_noisy_records


def _by_kind(rows, predicted, truth) -> None:
    """Recall over true pairs holding a record with each error kind."""
    members = defaultdict(list)
    for r in rows:
        members[r["true_person"]].append(r)
    found, total = Counter(), Counter()
    for group in members.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                kinds = {k for r in (a, b) for k in r.get("errors", "").split(",") if k}
                same = predicted[a["record_id"]] == predicted[b["record_id"]]
                for k in kinds or {"(none)"}:
                    total[k] += 1
                    found[k] += same
    print(f"{'error kind':<20}{'true pairs':>11}{'recall':>9}")
    for k in sorted(total):
        print(f"{k:<20}{total[k]:>11}{found[k] / total[k]:>9.4f}")
    # A child named like a parent merged with that parent: the false merges this kind makes.
    person_of = defaultdict(set)
    for rid, pid in predicted.items():
        person_of[pid].add(truth[rid])
    merged = sum(1 for p in person_of.values() for t in p if t.endswith("-child") and t[:-6] in p)
    children = len({t for t in truth.values() if t.endswith("-child")})
    print(f"children merged with the parent named alike: {merged} of {children}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--errors", choices=("default", "registry"), default="default")
    parser.add_argument("--skip-plain", action="store_true")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    errors = REGISTRY_ERRORS if args.errors == "registry" else None
    rows = generate_noisy_records(args.records, seed=args.seed, errors=errors)
    truth = {r["record_id"]: r["true_person"] for r in rows}
    print(
        f"{len(rows)} records, {len(set(truth.values()))} true persons "
        f"(seed {args.seed}, errors {args.errors})"
    )

    started = time.perf_counter()
    features = features_table(rows)
    model = training.train(features, seed=args.seed)
    pairs = link.predict(features, model)
    ours = cluster(  # as the pipeline clusters
        features["record_id"].to_pylist(),
        pairs,
        evidence=features,
        evidence_kinds=link.evidence_kinds(model),
    )
    ours_s = time.perf_counter() - started
    results = [("congan", ours.person_id, ours_s)]
    if not args.skip_plain:
        started = time.perf_counter()
        theirs = run_plain(plain_table(rows, features), seed=args.seed)
        results.append(("plain Splink", theirs, time.perf_counter() - started))

    print(f"{'engine':<14}{'precision':>10}{'recall':>10}{'F1':>10}{'seconds':>9}")
    for name, predicted, secs in results:
        s = pairwise_scores(predicted, truth)
        print(f"{name:<14}{s.precision:>10.4f}{s.recall:>10.4f}{s.f1:>10.4f}{secs:>9.1f}")
    if errors is not None:
        _by_kind(rows, ours.person_id, truth)


if __name__ == "__main__":
    main()
