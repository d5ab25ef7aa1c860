"""Linking: score candidate pairs of records with a trained Splink 5 model (`training`).

The model is plain Splink JSON, so it can be stored beside a run's results and replayed on
DuckDB or Spark.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ._internal import engines
from ._internal.components import component_labels

#: Pairs at or above this probability are the same person.
MATCH_THRESHOLD = 0.9
#: Pairs scored at least this are kept (and between this and MATCH_THRESHOLD go to review).
REVIEW_THRESHOLD = 0.5

#: Where a stored model keeps its provenance beside Splink's settings.
PROVENANCE_KEY = "congan_provenance"

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
    """A trained Splink model (its settings JSON, including m, u and λ), and where each part
    came from (`training.train`: trained on the records, from the prior, left out)."""

    settings: dict
    provenance: dict = field(default_factory=dict)

    def save(self, path: str | Path) -> None:
        stored = {**self.settings, PROVENANCE_KEY: self.provenance}
        Path(path).write_text(json.dumps(stored, ensure_ascii=False, indent=1), "utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Model:
        return cls.from_json(json.loads(Path(path).read_text("utf-8")))

    @classmethod
    def from_json(cls, stored: dict) -> Model:
        """A model from its stored JSON (Splink's settings, with or without the provenance)."""
        settings = dict(stored)
        return cls(settings, settings.pop(PROVENANCE_KEY, {}) or {})

    def to_json(self) -> dict:
        return {**self.settings, PROVENANCE_KEY: self.provenance}

    def describe(self) -> str:
        """One line: which comparisons were trained, which came from the prior, which were left
        out for want of data, and where λ came from."""
        p = self.provenance
        if not p:
            return "model: replayed (no record of its training)"
        parts = [f"trained: {', '.join(p.get('trained', [])) or 'nothing'}"]
        if p.get("from_prior"):
            parts.append(f"from the prior: {', '.join(p['from_prior'])}")
        if p.get("left_out"):
            parts.append(f"left out (no data): {', '.join(p['left_out'])}")
        parts.append(f"λ {p.get('lambda', 'unknown')}")
        return "model: " + "; ".join(parts)

    def for_dialect(self, dialect: str) -> dict:
        """The same trained parameters with SQL rendered for another backend.

        Splink stores each level's SQL in the dialect it was trained on (DuckDB's
        LIST_INTERSECT is Spark's ARRAY_INTERSECT), so the model is rebuilt from the
        dialect-free spec and the trained m, u and λ are copied across level by level.
        """
        if self.settings.get("sql_dialect") == dialect:
            return self.settings
        from ._internal import model_spec

        usable = self.provenance.get("usable_columns") or model_spec.COLUMNS
        loose = self.provenance.get("loose_blocking", ())
        target = model_spec.settings(frozenset(usable), loose).get_settings(dialect).as_dict()
        target["comparisons"] = [
            c
            for c in target["comparisons"]
            if c["output_column_name"]
            in {t["output_column_name"] for t in self.settings["comparisons"]}
        ]
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


class TrainingFailed(ValueError):
    """The records cannot train a usable model (too few duplicates, or a degenerate result)."""


def _quiet() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


#: A comparison's bottom level is a veto (certainly two people) when its weight is at most
#: this many bits: fewer than about 2% of true matches disagree that way. Learnt, not
#: declared: on Vietnamese registries, where a different given name means a sibling or twin
#: and CCCDs are reliable, EM puts these levels at −6 to −30 bits; on FEBRL, whose
#: duplicates are full of typos and changed numbers, at −2 to −5, and a different given
#: name or number is then weak evidence, not a veto.
VETO_BITS = -5.5


def level_weight(level: dict) -> float | None:
    """A level's match weight in bits (log2 m/u), None when untrained."""
    m, u = level.get("m_probability"), level.get("u_probability")
    if m is None or u is None or u <= 0:
        return None
    return math.log2(m / u) if m > 0 else float("-inf")


def _levels(comparison: dict) -> list[dict]:
    return [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]


def _certain_apart(settings: dict, names) -> frozenset[str]:
    out = set()
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        bottom = level_weight(_levels(comparison)[-1])
        if name in names and bottom is not None and bottom <= VETO_BITS:
            out.add(name)
    return frozenset(out)


def vetoes(settings: dict) -> frozenset[str]:
    """The comparisons whose bottom level this model treats as a veto."""
    from ._internal import model_spec

    return _certain_apart(settings, model_spec.VETO_COMPARISONS)


def evidence_kinds(model: Model) -> frozenset[str]:
    """What component evidence may keep apart under this model (`clustering.conflict`): the
    vetoes, and birth dates where a different one is as certain."""
    return _certain_apart(model.settings, {*vetoes(model.settings), "dob"})


def _top_weight_sql(settings: dict, name: str) -> str | None:
    """SQL true where comparison `name` sits at its strongest level (an exact agreement)."""
    comparison = next((c for c in settings["comparisons"] if c["output_column_name"] == name), None)
    if comparison is None:
        return None
    weights = [w for w in map(level_weight, _levels(comparison)) if w is not None]
    return f"mw_{name} >= {max(weights) - 1e-6!r}" if weights else None


def _veto_sql(settings: dict, columns: list[str]) -> str:
    """SQL true where a veto comparison sits at its bottom (else) level.

    Splink 5 reports each comparison's match weight (mw_*) rather than its level, so the else
    level is recognised by its weight: below every other trained level of that comparison.
    A different given name is no veto when an ID number and the full birth date agree
    exactly: that is one person under a nickname or a name written another way, where a
    twin or sibling differs in both.
    """
    names = vetoes(settings)
    vetoed = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        if name not in names or f"mw_{name}" not in columns:
            continue
        levels = _levels(comparison)
        bottom = level_weight(levels[-1])
        # The null level weighs 0: a cut above it would veto every pair missing the field
        # (it was, once near-misses of an ID weighed as much as an exact match).
        floor = min(0.0, *(w for w in map(level_weight, levels[:-1]) if w is not None))
        cut = floor - 5 if bottom == float("-inf") else (bottom + floor) / 2
        vetoed.append((name, f"mw_{name} < {cut!r}"))
    clauses = []
    same_id = [
        sql for sql in (_top_weight_sql(settings, c) for c in ("cccd", "cmnd", "other_id")) if sql
    ]
    same_birth = _top_weight_sql(settings, "dob")
    same_given = _top_weight_sql(settings, "given")
    for name, sql in vetoed:
        if name == "given" and same_id and same_birth:
            sql = f"({sql} AND NOT (({' OR '.join(same_id)}) AND {same_birth}))"
        if name == "cmnd" and same_given and same_birth:
            # A CMND is reused within households: a relative's number on one form. The same
            # given name and full birth date lift the veto (a twin differs in the name); the
            # pair is still scored, with the different number's weight against it.
            sql = f"({sql} AND NOT ({same_given} AND {same_birth}))"
        clauses.append(sql)
    return " OR ".join(clauses) if clauses else "FALSE"


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
    """Pairs for a person to review: lower ≤ probability < upper, and not vetoed.

    A vetoed pair is the model certain of two people (twins with different given names,
    different CCCDs) however alike the rest: queuing every pair of twins would keep a
    well-kept registry from ever being settled.
    """
    p = pairs["match_probability"]
    in_band = pc.and_(pc.greater_equal(p, lower), pc.less(p, upper))
    return pairs.filter(pc.and_(in_band, pc.invert(pairs["veto"])))
