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

from ._internal import engines
from ._internal.components import component_labels

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
        from ._internal import model_spec

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


class TrainingFailed(ValueError):
    """The records cannot train a usable model (too few duplicates, or a degenerate result)."""


def _em_pass(linker, sdf, rule):
    """One EM pass; a failed pass leaves the model as it was before it.

    Splink 5 raises mid-EM when an m underflows to 0.0, and the exception leaves the linker's
    settings half-replaced by the training session's (comparisons dropped, λ collapsed to
    ~1e-45): the model then links nothing. So the model is snapshotted before each pass and
    restored when the pass fails.
    """
    from splink import Linker
    from splink.internals.exceptions import EMTrainingException  # not exported publicly

    snapshot = linker.misc.save_model_to_json()
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule,
            estimate_without_term_frequencies=True,
            fix_probability_two_random_records_match=True,
        )
    except (ValueError, EMTrainingException) as err:  # EMTrainingException: the rule found no pairs
        _log.warning("EM pass on %s skipped: %s", rule, err)
        return Linker(sdf, snapshot, log_level=None), False
    return linker, True


def train(
    features: pa.Table,
    *,
    seed: int = 0,
    settings=None,
    max_u_pairs: float = 5e6,
    check: bool = True,
    match_threshold: float = MATCH_THRESHOLD,
) -> Model:
    """Estimate the model on DuckDB from (a sample of) the features.

    λ (the prior that two random records match) comes from near-certain rules and is kept
    fixed: EM never re-estimates it, so a registry where duplicates are rare (a few per
    hundred records) cannot drive it to zero. u comes from random sampling; m from EM passes,
    first on blocks where matches are dense (same CCCD, same CMND, same name and birth date:
    trainable whatever the duplicate rate), then on blocks mixing matches with namesakes and
    twins, which refine m where duplicates are common. The result is checked (`check`):
    a record compared with an identical copy of itself must score at least
    `match_threshold`, or `TrainingFailed` is raised rather than a model that links nothing.
    """
    from splink import Linker

    from ._internal import model_spec

    _quiet()
    api = engines.duckdb_api()
    table = _sample(features, _TRAINING_SAMPLE, seed)
    sdf = api.register(table)
    linker = Linker(sdf, settings or model_spec.settings(), log_level=None)
    try:
        linker.training.estimate_probability_two_random_records_match(
            model_spec.deterministic_rules(), recall=0.8
        )
    except Exception as err:  # Splink raises when no rule finds a single pair
        raise TrainingFailed(f"no near-certain matches to estimate the prior from: {err}") from err
    prior = linker.misc.save_model_to_json()["probability_two_random_records_match"]
    if not prior or prior <= 0:
        raise TrainingFailed("no near-certain matches (same CCCD, CMND or name and birth date)")
    linker.training.estimate_u_using_random_sampling(max_pairs=max_u_pairs, seed=seed)
    trained = 0
    for rule in model_spec.training_rules():
        linker, ok = _em_pass(linker, sdf, rule)
        trained += ok
    if not trained:
        raise TrainingFailed("no EM pass could train the model; the input is too small or uniform")
    settings = linker.misc.save_model_to_json()
    untrained = _fill_unobserved(settings)
    if untrained and check:
        raise TrainingFailed(f"comparisons left untrained: {', '.join(untrained)}")
    model = Model(_floored(settings))
    model.settings["probability_two_random_records_match"] = prior
    if check:
        check_model(model, table, match_threshold=match_threshold)
    return model


# Records compared with a copy of themselves by `check_model`.
_CHECK_RECORDS = 200


def check_model(model: Model, features: pa.Table, *, match_threshold: float = MATCH_THRESHOLD):
    """Raise `TrainingFailed` unless identical copies of well-filled records (a name, a full
    birth date, an ID number) score at least the match threshold."""
    full = pc.and_(
        pc.and_(pc.is_valid(features["given_key"]), pc.is_valid(features["dob_day"])),
        pc.or_(pc.is_valid(features["cccd"]), pc.is_valid(features["cmnd"])),
    )
    sample = features.filter(full).slice(0, _CHECK_RECORDS)
    if sample.num_rows == 0:
        raise TrainingFailed("no record with a name, a full birth date and an ID number")
    ids = sample["record_id"].to_pylist()
    copies = sample.set_column(
        sample.schema.get_field_index("record_id"),
        "record_id",
        pa.array([f"{r}~copy" for r in ids]),
    )
    pairs = predict(pa.concat_tables([sample, copies]), model, threshold=0.0)
    copy_pairs = pairs.filter(
        pc.equal(
            pc.replace_substring(pairs["record_id_l"], "~copy", ""),
            pc.replace_substring(pairs["record_id_r"], "~copy", ""),
        )
    )
    scores = dict.fromkeys(ids, 0.0)
    for left, p in zip(
        copy_pairs["record_id_l"].to_pylist(),
        copy_pairs["match_probability"].to_pylist(),
        strict=True,
    ):
        scores[left.removesuffix("~copy")] = p
    worst = min(scores.values())
    if worst < match_threshold:
        raise TrainingFailed(
            f"the trained model scores identical records as low as {worst:.3g} (below the match "
            f"threshold {match_threshold}): the records hold too few duplicates to learn from"
        )


# EM can drive an m probability to exactly 0 (a level never seen among matches). Splink will
# not load such a model back, and a zero makes one field a hard rule; a floor keeps the model
# replayable and lets overwhelming evidence elsewhere still count (≈ −30 bits at most).
_PROBABILITY_FLOOR = 1e-9


# A level no pair in the random sample reached (the same CMND, a one-digit CCCD typo) is
# about this rare among non-matches: Splink's own value for a level not observed.
_UNOBSERVED_U = 1e-6


def _fill_unobserved(settings: dict) -> list[str]:
    """Give every level the probabilities training could not observe; returns the untrained.

    On a registry where duplicates are rare, no match ever lands in some levels (a given name
    that is not a spelling variant, a CMND one digit off), and Splink would fall back to its
    generic default m at prediction: a twin's different given name would then weigh almost
    nothing. Instead: the bottom (else) level never seen among matches gets the floor (the
    strongest "different people" the model expresses); an intermediate level gets the
    smallest m trained in its comparison (weaker than any agreement seen). A comparison with
    no trained m at all is reported, not filled.
    """
    untrained = []
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        seen = [lv["m_probability"] for lv in levels[:-1] if lv.get("m_probability") is not None]
        if not seen:
            untrained.append(comparison["output_column_name"])
            continue
        for i, level in enumerate(levels):
            if level.get("m_probability") is None:
                level["m_probability"] = _PROBABILITY_FLOOR if i == len(levels) - 1 else min(seen)
            if level.get("u_probability") is None:
                level["u_probability"] = _UNOBSERVED_U
    return untrained


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
    from ._internal import model_spec

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
    links = kept.filter(
        pc.and_(
            pc.greater_equal(kept["match_probability"], match_threshold), pc.invert(kept["veto"])
        )
    )
    left, right = links["record_id_l"].combine_chunks(), links["record_id_r"].combine_chunks()
    ids = pc.unique(pa.concat_arrays([left, right]))
    labels = component_labels(
        len(ids),
        pc.index_in(left, value_set=ids).to_numpy(),
        pc.index_in(right, value_set=ids).to_numpy(),
    )
    return pa.table({"record_id": ids, "component": labels})


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
