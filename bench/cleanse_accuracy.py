"""Accuracy: pairwise precision, recall and F1 of congan and of plain Splink, same run.

uv run python bench/cleanse_accuracy.py [--records 50000] [--seed 1]
"""

from __future__ import annotations

import argparse
import logging
import time

from cleanse_plain import plain_table, run_plain
from congan.cleansing import cluster, link, pairwise_scores, training
from congan.cleansing.clustering import record_evidence
from congan.cleansing.features import features_table
from congan.synth.noisy import generate_noisy_records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    rows = generate_noisy_records(args.records, seed=args.seed)
    truth = {r["record_id"]: r["true_person"] for r in rows}
    print(f"{len(rows)} records, {len(set(truth.values()))} true persons (seed {args.seed})")

    started = time.perf_counter()
    features = features_table(rows)
    model = training.train(features, seed=args.seed)
    pairs = link.predict(features, model)
    ours = cluster(features["record_id"].to_pylist(), pairs, evidence=record_evidence(features))
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = run_plain(plain_table(rows, features), seed=args.seed)
    plain_s = time.perf_counter() - started

    print(f"{'engine':<14}{'precision':>10}{'recall':>10}{'F1':>10}{'seconds':>9}")
    for name, predicted, secs in (
        ("congan", ours.person_id, ours_s),
        ("plain Splink", theirs, plain_s),
    ):
        s = pairwise_scores(predicted, truth)
        print(f"{name:<14}{s.precision:>10.4f}{s.recall:>10.4f}{s.f1:>10.4f}{secs:>9.1f}")


if __name__ == "__main__":
    main()
