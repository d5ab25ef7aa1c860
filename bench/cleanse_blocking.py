"""Candidate pairs per blocking rule and predict time: frequency-aware blocking vs the same
rules unfiltered, same model, same process.

    uv run python bench/cleanse_blocking.py --records 300000

Unfiltered = every rule of `model_spec._BLOCKING` as a plain equi-join, plus the loose rules
the old limit (20 pairs per record, no total cap) kept. Pairs are Splink's marginal counts
(`count_comparisons_from_blocking_rules`); times are CPU seconds of this process, which the
shared machine moves less than wall time.
"""

from __future__ import annotations

import argparse
import copy
import logging
import os
import time

from splink import Linker, block_on
from splink.blocking_analysis import count_comparisons_from_blocking_rules

from congan.cleansing import link, training
from congan.cleansing._internal import engines, model_spec
from congan.cleansing.features import features_table
from congan.synth.noisy import generate_noisy_records


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    features = features_table(generate_noisy_records(args.records, seed=args.seed))
    model = training.train(features, seed=0)
    usable = frozenset(model.provenance["usable_columns"])
    old_loose = [
        cols
        for cols in model_spec.LOOSE_BLOCKING
        if cols not in model_spec._BLOCKING
        and all(c in usable for c in cols)
        and training._block_pairs(features, cols) <= 20 * features.num_rows
    ]
    variants = {
        "unfiltered": [
            block_on(*cols)
            for cols in (*model_spec._BLOCKING, *old_loose)
            if all(c in usable for c in cols)
        ],
        "frequency-aware": model_spec.blocking_rules(usable, model.provenance["loose_blocking"]),
    }
    print(f"{features.num_rows} records, load average {os.getloadavg()}")
    sdf = engines.duckdb_api().register(features)
    for name, rules in variants.items():
        sql = [r.get_blocking_rule("duckdb").blocking_rule_sql for r in rules]
        counts = count_comparisons_from_blocking_rules(
            sdf, blocking_rules=sql, link_type="dedupe_only",
            unique_id_column_name="record_id", record_sample_proportion=1.0,
        )  # fmt: skip
        print(f"{name}: {counts[-1]['cumulative_comparison_count']:,} pairs")
        for rule, count in zip(sql, counts, strict=True):
            print(f"  {count['marginal_comparison_count']:>12,}  {rule[:110]}")
    for name, rules in variants.items():
        settings = copy.deepcopy(model.settings)
        settings["blocking_rules_to_generate_predictions"] = [
            r.get_blocking_rule("duckdb").as_dict() for r in rules
        ]
        linker = Linker(sdf, settings, log_level=None)
        scored, wall, cpu = _timed(lambda: linker.inference.predict(warning_mode="never"))  # noqa: B023
        pairs, wall2, cpu2 = _timed(
            lambda: link._pairs_from(scored, 0.5, settings, vetoes="binding")  # noqa: B023
        )
        print(f"predict {name}: {wall:.1f} s wall, {cpu:.1f} s CPU; veto step {cpu2:.1f} s CPU; "
              f"{pairs.num_rows} pairs kept; load {os.getloadavg()[0]:.1f}")  # fmt: skip
        scored.drop_table_from_database_and_remove_from_cache()


if __name__ == "__main__":
    main()
