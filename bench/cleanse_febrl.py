"""FEBRL 1–4: congan against plain Splink on the same files, in the same run.

    uv run python bench/cleanse_febrl.py [--datasets febrl1 febrl3]

congan reads each file in the cleansing input contract (full_name, date_of_birth,
id_number, address: no sex, no parents, a non-Vietnamese ID number) and runs as
`congan cleanse` does. Plain Splink reads FEBRL's own columns (given name and surname
apart, postcode, street number) with the comparisons of Splink's FEBRL 3 example: its best
case.
"""

from __future__ import annotations

import argparse
import logging
import time

import pyarrow as pa
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from congan.cleansing import cleanse_records, pairwise_scores
from congan.cleansing._internal import engines
from congan.synth import febrl


def plain_splink(rows: list[dict], *, threshold: float = 0.9) -> dict[str, str]:
    """Plain Splink, as its FEBRL example sets it up; record_id → cluster id."""
    table = pa.table({c: [r[c] or None for r in rows] for c in ("record_id", *febrl.FEBRL_COLUMNS)})
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"), block_on("given_name"), block_on("surname"),
            block_on("date_of_birth"), block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number"),
            cl.ExactMatch("postcode"),
        ],
    )  # fmt: skip
    linker = Linker(engines.duckdb_api().register(table), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("postcode"), block_on("soc_sec_id")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=threshold
    ).as_pyarrow_table()
    return dict(
        zip(
            clusters["record_id"].to_pylist(),
            map(str, clusters["cluster_id"].to_pylist()),
            strict=True,
        )
    )


def congan(rows: list[dict]) -> tuple[dict[str, str], str]:
    clusters, _pairs, _features, model = cleanse_records(rows)
    return clusters.person_id, model.describe()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", nargs="+", default=list(febrl.FILES))
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    print(f"{'set':<8}{'records':>8}{'engine':>14}{'precision':>10}{'recall':>8}{'F1':>8}{'s':>6}")
    for name in args.datasets:
        rows = febrl.load(name)
        truth = {r["record_id"]: r["true_person"] for r in rows}
        for engine, run in (("congan", congan), ("plain Splink", plain_splink)):
            started = time.perf_counter()
            result = run(rows)
            predicted, note = result if isinstance(result, tuple) else (result, "")
            s = pairwise_scores(predicted, truth)
            print(f"{name:<8}{len(rows):>8}{engine:>14}{s.precision:>10.4f}{s.recall:>8.4f}"
                  f"{s.f1:>8.4f}{time.perf_counter() - started:>6.1f}  {note}")  # fmt: skip


if __name__ == "__main__":
    main()
