"""Plain Splink baseline for the cleansing benchmarks: raw fields, the same blocking.

To compare like with like, plain Splink is given congan's blocking keys (so both score the
same candidate pairs and train with the same rules) but compares the raw strings as a user of
the library would without Vietnamese-aware normalisation. Computing those keys is not counted
in plain Splink's time, which flatters the baseline.
"""

from __future__ import annotations

import contextlib

import pyarrow as pa
import splink.comparison_library as cl
from splink import Linker, SettingsCreator
from splink.internals.exceptions import EMTrainingException

from congan.cleansing._internal import engines, model_spec

RAW = (
    "full_name",
    "date_of_birth",
    "sex",
    "id_number",
    "hometown",
    "address",
    "father_name",
    "mother_name",
)
KEYS = (
    "given_key", "surname_key", "dob", "dob_year", "dob_month", "dob_day", "ward_block", "cccd",
    "cmnd", "other_id",
    "address_detail",
)  # fmt: skip


def plain_table(rows: list[dict], features: pa.Table) -> pa.Table:
    cols = {"record_id": [r["record_id"] for r in rows]}
    for c in RAW:
        cols[c] = [r.get(c) or None for r in rows]
    for k in KEYS:
        cols[k] = features[k]
    return pa.table(cols)


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=model_spec.blocking_rules(),
        comparisons=[
            cl.JaroWinklerAtThresholds("full_name", [0.95, 0.88]),
            cl.ExactMatch("date_of_birth"),
            cl.ExactMatch("sex"),
            cl.LevenshteinAtThresholds("id_number", 1),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.88]),
            cl.JaroWinklerAtThresholds("father_name", [0.92]),
            cl.JaroWinklerAtThresholds("mother_name", [0.92]),
            cl.ExactMatch("hometown"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def run_plain(table: pa.Table, *, threshold: float = 0.9, seed: int = 0) -> dict[str, str]:
    """Train, predict and cluster with plain Splink; record_id → cluster id."""
    api = engines.duckdb_api()
    sdf = api.register(table)
    linker = Linker(sdf, settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        model_spec.deterministic_rules(), recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    for rule in model_spec.training_rules():
        # Same Splink 5 underflow guard as congan.cleansing.link.train.
        with contextlib.suppress(ValueError, EMTrainingException):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
    pairs = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=threshold
    )
    out = clusters.as_pyarrow_table()
    return dict(
        zip(
            (str(r) for r in out["record_id"].to_pylist()),
            (str(c) for c in out["cluster_id"].to_pylist()),
            strict=True,
        )
    )
