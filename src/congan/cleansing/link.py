"""Linking: score candidate pairs of records with a Splink 5 model trained on the data.

u by random sampling, m by expectation maximisation, λ from near-certain rules: trained,
not hand-set. The trained model is plain Splink JSON, so it can be stored beside a run's
results and replayed on DuckDB or Spark.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ._internal import engines, model_spec

#: Pairs at or above this probability are the same person.
MATCH_THRESHOLD = 0.9
#: Pairs scored at least this are kept (and between this and MATCH_THRESHOLD go to review).
REVIEW_THRESHOLD = 0.5

# Training uses at most this many records: parameters settle well before that, and a sample
# keeps training time flat as the population grows.
_TRAINING_SAMPLE = 300_000

PAIR_SCHEMA = pa.schema(
    [
        ("record_id_l", pa.string()),
        ("record_id_r", pa.string()),
        ("match_probability", pa.float64()),
        ("veto", pa.bool_()),
    ]
)


@dataclass
class Model:
    """A trained Splink model (its settings JSON, including m, u and λ)."""

    settings: dict

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.settings, ensure_ascii=False, indent=1), "utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Model:
        return cls(json.loads(Path(path).read_text("utf-8")))

    def for_dialect(self, dialect: str) -> dict:
        """The same trained parameters with SQL rendered for another backend.

        Splink stores each level's SQL in the dialect it was trained on (DuckDB's
        LIST_INTERSECT is Spark's ARRAY_INTERSECT), so the model is rebuilt from the
        dialect-free spec and the trained m, u and λ are copied across level by level.
        """
        if self.settings.get("sql_dialect") == dialect:
            return self.settings
        target = model_spec.settings().get_settings(dialect).as_dict()
        if [c["output_column_name"] for c in target["comparisons"]] != [
            c["output_column_name"] for c in self.settings["comparisons"]
        ]:
            raise ValueError("stored model does not match this version's comparisons")
        for mine, theirs in zip(target["comparisons"], self.settings["comparisons"], strict=True):
            for level, trained in zip(
                mine["comparison_levels"], theirs["comparison_levels"], strict=True
            ):
                for key in ("m_probability", "u_probability"):
                    if key in trained:
                        level[key] = trained[key]
        target["probability_two_random_records_match"] = self.settings[
            "probability_two_random_records_match"
        ]
        return target


_log = logging.getLogger(__name__)


def _quiet() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


def _sample(features: pa.Table, n: int, seed: int) -> pa.Table:
    if features.num_rows <= n:
        return features
    import random

    rows = sorted(random.Random(seed).sample(range(features.num_rows), n))
    return features.take(pa.array(rows))


def train(features: pa.Table, *, seed: int = 0, settings=None, max_u_pairs: float = 5e6) -> Model:
    """Estimate the model on DuckDB from (a sample of) the features."""
    from splink import Linker

    _quiet()
    api = engines.duckdb_api()
    table = _sample(features, _TRAINING_SAMPLE, seed)
    sdf = api.register(table)
    linker = Linker(sdf, settings or model_spec.settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        model_spec.deterministic_rules(), recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=max_u_pairs, seed=seed)
    trained = 0
    for rule in model_spec.training_rules():
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
            trained += 1
        except ValueError as err:
            # Splink 5 refuses an m that underflows to 0.0 mid-EM, which small inputs can
            # produce; the other passes still train those comparisons.
            _log.warning("EM pass on %s skipped: %s", rule, err)
    if not trained:
        raise RuntimeError("no EM pass could train the model; the input is too small or uniform")
    return Model(_floored(linker.misc.save_model_to_json()))


# EM can drive an m probability to exactly 0 (a level never seen among matches). Splink will
# not load such a model back, and a zero makes one field a hard rule; a floor keeps the model
# replayable and lets overwhelming evidence elsewhere still count (≈ −30 bits at most).
_PROBABILITY_FLOOR = 1e-9


def _floored(settings: dict) -> dict:
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                if level.get(key) is not None and level[key] < _PROBABILITY_FLOOR:
                    level[key] = _PROBABILITY_FLOOR
    return settings


def _level_weight(level: dict) -> float | None:
    m, u = level.get("m_probability"), level.get("u_probability")
    if m is None or u is None or u <= 0:
        return None
    return math.log2(m / u) if m > 0 else float("-inf")


def _veto_sql(settings: dict, columns: list[str]) -> str:
    """SQL true where a veto comparison sits at its bottom (else) level.

    Splink 5 reports each comparison's match weight (mw_*) rather than its level, so the else
    level is recognised by its weight: below every other trained level of that comparison.
    """
    vetoes = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        if name not in model_spec.VETO_COMPARISONS or f"mw_{name}" not in columns:
            continue
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        bottom = _level_weight(levels[-1])
        others = [w for w in map(_level_weight, levels[:-1]) if w is not None]
        if bottom is None or not others:
            continue  # untrained: no veto rather than a guess
        floor = min(others)
        cut = floor - 5 if bottom == float("-inf") else (bottom + floor) / 2
        if cut < 0:
            vetoes.append(f"mw_{name} < {cut!r}")
    return " OR ".join(vetoes) if vetoes else "FALSE"


def _select(sdf, veto: str, where: str, joins: str = "") -> pa.Table:
    # Only our own column names and numbers are interpolated, never data.
    sql = (
        "SELECT CAST(s.record_id_l AS STRING) AS record_id_l, "  # noqa: S608
        "CAST(s.record_id_r AS STRING) AS record_id_r, "
        "CAST(s.match_probability AS DOUBLE) AS match_probability, "
        f"({veto}) AS veto FROM {sdf.physical_name} AS s {joins} WHERE {where}"
    )
    return sdf.db_api.query_sql(sql).as_pyarrow_table().select(PAIR_SCHEMA.names).cast(PAIR_SCHEMA)


def _binding_components(kept: pa.Table, match_threshold: float) -> pa.Table:
    """record_id → component of the links at `match_threshold`, for records not alone."""
    from .cluster import _edges, _Forest

    links, _ = _edges(kept, match_threshold)
    nodes = {n for _, a, b in links for n in (a, b)}
    forest = _Forest(nodes)
    for _, a, b in links:
        forest.union(a, b)
    ids = sorted(nodes)
    return pa.table({"record_id": ids, "component": [forest.find(n) for n in ids]})


def _pairs_from(
    sdf,
    threshold: float,
    settings: dict,
    *,
    vetoes: str = "all",
    match_threshold: float = MATCH_THRESHOLD,
) -> pa.Table:
    """Pairs at or above `threshold`, plus vetoed pairs below it.

    Clustering needs a vetoed pair only when links would otherwise join its two records.
    `vetoes="binding"` keeps just those, found in the database: at a million records most
    blocked pairs are vetoed namesakes and siblings, too many to carry into Python.
    """
    cols = [c.unquote().name for c in sdf.columns]
    veto = _veto_sql(settings, [c.removeprefix("s.") for c in cols]).replace("mw_", "s.mw_")
    p = float(threshold)
    kept = _select(sdf, veto, f"s.match_probability >= {p!r}")
    if veto == "FALSE":
        return kept
    if vetoes == "all":
        return pa.concat_tables(
            [kept, _select(sdf, veto, f"s.match_probability < {p!r} AND ({veto})")]
        )
    components = sdf.db_api.register(_binding_components(kept, match_threshold))
    joins = (
        f"JOIN {components.physical_name} AS cl ON s.record_id_l = cl.record_id "
        f"JOIN {components.physical_name} AS cr ON s.record_id_r = cr.record_id"
    )
    where = f"s.match_probability < {p!r} AND ({veto}) AND cl.component = cr.component"
    binding = _select(sdf, veto, where, joins)
    components.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    return pa.concat_tables([kept, binding])


def predict(
    features: pa.Table,
    model: Model,
    *,
    engine: str = "duckdb",
    threshold: float = REVIEW_THRESHOLD,
) -> pa.Table:
    """Scored pairs (record_id_l, record_id_r, match_probability, veto) above `threshold`."""
    from splink import Linker

    _quiet()
    api = engines.db_api(engine)
    sdf = api.register(features)
    linker = Linker(sdf, model.for_dialect(api.sql_dialect.sql_dialect_str), log_level=None)
    scored = linker.inference.predict(warning_mode="never")
    return _pairs_from(scored, threshold, model.settings, vetoes="binding")


def predict_between(
    settled: pa.Table,
    new: pa.Table,
    model: Model,
    *,
    engine: str = "duckdb",
    threshold: float = REVIEW_THRESHOLD,
) -> pa.Table:
    """Pairs new×settled and new×new only: settled×settled pairs were scored before."""
    from splink import Linker

    _quiet()
    api = engines.db_api(engine)
    settled_sdf = api.register(settled)
    new_sdf = api.register(new)
    linker = Linker(new_sdf, model.for_dialect(api.sql_dialect.sql_dialect_str), log_level=None)
    between = linker.inference.predict_between(settled_sdf, new_sdf, warning_mode="never")
    within = linker.inference.predict_within(new_sdf, warning_mode="never")
    return pa.concat_tables(
        [_pairs_from(sdf, threshold, model.settings) for sdf in (between, within)]
    )


def uncertain_pairs(
    pairs: pa.Table, *, lower: float = REVIEW_THRESHOLD, upper: float = MATCH_THRESHOLD
) -> pa.Table:
    """Pairs for a person to review: lower ≤ probability < upper, or a veto over `lower`."""
    p = pairs["match_probability"]
    in_band = pc.and_(pc.greater_equal(p, lower), pc.less(p, upper))
    vetoed = pc.and_(pc.greater_equal(p, lower), pairs["veto"])
    return pairs.filter(pc.or_(in_band, vetoed))
