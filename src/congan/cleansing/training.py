"""Training: the linking model estimated from the records, degrading instead of refusing.

u by random sampling, m by expectation maximisation, λ from near-certain rules: trained,
not hand-set. What the records cannot support degrades instead of stopping the run:

- a comparison whose columns the file leaves empty, or fills with one value, is left out;
- a comparison EM cannot estimate (no block dense enough in matches: a registry without
  duplicates, a file without ID numbers) takes its m from the prior model shipped with the
  package (`prior`), trained on `congan.synth`; u always comes from the records themselves;
- λ, when no near-certain match exists at all, is assumed (one duplicate per thousand
  records) rather than estimated.

The model's `provenance` says which is which, and `Model.describe` in one line.
`TrainingFailed` remains only for records nothing can be learnt or borrowed for.
"""

from __future__ import annotations

import logging
import random

import pyarrow as pa
import pyarrow.compute as pc

from ._internal import engines
from .link import MATCH_THRESHOLD, Model, TrainingFailed, predict

# Training uses at most this many records: parameters settle well before that, and a sample
# keeps training time flat as the population grows.
_TRAINING_SAMPLE = 300_000
# An EM pass on a block with fewer candidate pairs than this learns from a handful of
# namesakes, not from matches: it is skipped.
_MIN_EM_PAIRS = 50
# A loose blocking rule is kept while it makes at most this many candidate pairs per record,
# and at most _LOOSE_PAIRS in all (its pairs grow with the square of the file).
_LOOSE_PAIRS_PER_RECORD = 20
_LOOSE_PAIRS = 1_000_000
# λ assumed when no near-certain match exists: duplicates per record.
_ASSUMED_DUPLICATES = 0.001

_log = logging.getLogger(__name__)


def _quiet() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


def _sample(features: pa.Table, n: int, seed: int) -> pa.Table:
    if features.num_rows <= n:
        return features
    rows = sorted(random.Random(seed).sample(range(features.num_rows), n))
    return features.take(pa.array(rows))


def usable_columns(features: pa.Table) -> frozenset[str]:
    """Feature columns holding at least two different values: the rest cannot tell records
    apart (absent from the file, always empty, or the same everywhere)."""
    from ._internal import model_spec

    usable = set()
    for name in model_spec.COLUMNS & set(features.column_names):
        column = features[name]
        if pa.types.is_list(column.type):
            column = pc.list_element(column, 0)
        if pc.count_distinct(column).as_py() >= 2:
            usable.add(name)
    return frozenset(usable)


def _block_pairs(table: pa.Table, columns: tuple[str, ...]) -> int:
    """Candidate pairs a blocking rule on these columns makes in `table`."""
    keys = table.select(list(columns)).drop_null()
    if not keys.num_rows:
        return 0
    counts = keys.group_by(list(columns)).aggregate([([], "count_all")])["count_all"]
    return int(pc.sum(pc.divide(pc.multiply(counts, pc.subtract(counts, 1)), 2)).as_py() or 0)


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
        _log.info("EM pass on %s skipped: %s", rule, err)
        return Linker(sdf, snapshot, log_level=None), False
    return linker, True


def _estimate_lambda(linker, usable, n: int) -> tuple[float, str]:
    from ._internal import model_spec

    rules = model_spec.deterministic_rules(usable)
    if rules:
        try:
            linker.training.estimate_probability_two_random_records_match(rules, recall=0.8)
        except Exception as err:  # noqa: BLE001 — Splink raises when no rule finds a pair
            _log.info("λ not estimated: %s", err)
        else:
            value = linker.misc.save_model_to_json()["probability_two_random_records_match"]
            if value and value > 0:
                return value, "estimated from near-certain matches"
    pairs = max(n * (n - 1) / 2, 1)
    return min(max(_ASSUMED_DUPLICATES * n, 1) / pairs, 0.5), (
        f"assumed ({_ASSUMED_DUPLICATES:g} duplicates per record): no near-certain matches"
    )


def _trained(comparison: dict) -> bool:
    levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
    return any(lv.get("m_probability") is not None for lv in levels[:-1])


def train(
    features: pa.Table,
    *,
    seed: int = 0,
    max_u_pairs: float = 2e6,
    check: bool = True,
    match_threshold: float = MATCH_THRESHOLD,
    prior: Model | None | bool = True,
) -> Model:
    """Estimate the model on DuckDB from (a sample of) the features.

    λ (the prior that two random records match) comes from near-certain rules and is kept
    fixed: EM never re-estimates it, so a registry where duplicates are rare (a few per
    hundred records) cannot drive it to zero. u comes from random sampling; m from EM passes,
    first on blocks where matches are dense (same CCCD, same CMND, same name and birth date:
    trainable whatever the duplicate rate), then on blocks mixing matches with namesakes and
    twins, which refine m where duplicates are common.

    `prior`: the model whose m fills what EM cannot estimate (True: the one shipped, False
    or None: none). The result is checked (`check`): a record compared with an identical copy
    of itself must score at least `match_threshold`; if the trained model fails that, the
    prior's m are used throughout; if that fails too, `TrainingFailed`.
    """
    from splink import Linker

    from . import prior as shipped
    from ._internal import model_spec

    _quiet()
    prior_model = shipped.load() if prior is True else (prior or None)
    table = _sample(features, _TRAINING_SAMPLE, seed)
    usable = usable_columns(table)
    comparisons = model_spec.comparisons_for(usable)
    if not comparisons or not model_spec.blocking_rules(usable):
        raise TrainingFailed(
            "nothing to compare records on: give at least full_name and date_of_birth, or an "
            "id_number, with more than one distinct value"
        )
    loose = [
        list(cols)
        for cols in model_spec.LOOSE_BLOCKING
        if all(c in usable for c in cols)
        and _block_pairs(features, cols)
        <= min(_LOOSE_PAIRS_PER_RECORD * features.num_rows, _LOOSE_PAIRS)
    ]
    sdf = engines.duckdb_api().register(table)
    linker = Linker(sdf, model_spec.settings(usable, loose), log_level=None)
    lam, lam_source = _estimate_lambda(linker, usable, table.num_rows)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_u_pairs, seed=seed)
    for rule, columns in zip(
        model_spec.training_rules(usable), model_spec.training_columns(usable), strict=True
    ):
        if _block_pairs(table, columns) >= _MIN_EM_PAIRS:
            linker, _ok = _em_pass(linker, sdf, rule)
    settings = linker.misc.save_model_to_json()
    provenance = {
        "usable_columns": sorted(usable),
        "loose_blocking": loose,
        "lambda": lam_source,
        "left_out": [c for c in model_spec.COMPARISONS if c not in comparisons],
        "trained": [c["output_column_name"] for c in settings["comparisons"] if _trained(c)],
        "from_prior": [],
        "prior": shipped.describe(prior_model),
    }
    untrained = [c for c in settings["comparisons"] if not _trained(c)]
    for comparison in untrained:
        if prior_model is not None and _borrow(comparison, prior_model):
            provenance["from_prior"].append(comparison["output_column_name"])
    unlearnt = [c["output_column_name"] for c in untrained if not _trained(c)]
    if unlearnt:
        settings["comparisons"] = [c for c in settings["comparisons"] if _trained(c)]
        provenance["left_out"] += unlearnt
    if not settings["comparisons"]:
        raise TrainingFailed(
            "the records hold no duplicates to learn from and there is no prior model: "
            "rebuild it with `uv run python bench/build_prior.py`"
        )
    _fill_unobserved(settings)
    _floored(settings)
    settings["probability_two_random_records_match"] = lam
    model = Model(settings, provenance)
    if not check:
        return model
    try:
        check_model(model, table, match_threshold=match_threshold)
    except TrainingFailed as err:
        if prior_model is None or provenance["from_prior"] == provenance_all(settings):
            raise
        _log.info("trained model refused (%s); using the prior's m throughout", err)
        for comparison in settings["comparisons"]:
            _borrow(comparison, prior_model, force=True)
        provenance["from_prior"] = provenance_all(settings)
        provenance["trained"] = []
        provenance["refused"] = str(err)
        _fill_unobserved(settings)
        _floored(settings)
        check_model(model, table, match_threshold=match_threshold)
    return model


def provenance_all(settings: dict) -> list[str]:
    return [c["output_column_name"] for c in settings["comparisons"]]


def _borrow(comparison: dict, prior_model: Model, *, force: bool = False) -> bool:
    """Copy the prior's m into an untrained comparison, level by level (same shape only)."""
    name = comparison["output_column_name"]
    theirs = next(
        (c for c in prior_model.settings["comparisons"] if c["output_column_name"] == name), None
    )
    if theirs is None:
        return False
    mine_levels, their_levels = comparison["comparison_levels"], theirs["comparison_levels"]
    if [lv.get("label_for_charts") for lv in mine_levels] != [
        lv.get("label_for_charts") for lv in their_levels
    ]:
        return False
    for mine, trained in zip(mine_levels, their_levels, strict=True):
        if "m_probability" in trained and (force or mine.get("m_probability") is None):
            mine["m_probability"] = trained["m_probability"]
    return True


# Records compared with a copy of themselves by `check_model`.
_CHECK_RECORDS = 200


def check_model(model: Model, features: pa.Table, *, match_threshold: float = MATCH_THRESHOLD):
    """Raise `TrainingFailed` unless identical copies of the best-filled records (a name, a
    full birth date and an ID number, as far as the file has them) score at least the match
    threshold."""
    wanted = [
        pc.is_valid(features[c])
        for c in ("given_key", "dob_day")
        if pc.count_distinct(features[c]).as_py()
    ]
    ids = [
        features[c] for c in ("cccd", "cmnd", "other_id") if features[c].null_count < len(features)
    ]
    if ids:
        any_id = pc.is_valid(ids[0])
        for column in ids[1:]:
            any_id = pc.or_(any_id, pc.is_valid(column))
        wanted.append(any_id)
    full = wanted[0] if wanted else pa.array([True] * features.num_rows)
    for condition in wanted[1:]:
        full = pc.and_(full, condition)
    sample = features.filter(full).slice(0, _CHECK_RECORDS)
    if sample.num_rows == 0:
        raise TrainingFailed("no record with a name and a full birth date to check the model on")
    record_ids = sample["record_id"].to_pylist()
    copies = sample.set_column(
        sample.schema.get_field_index("record_id"),
        "record_id",
        pa.array([f"{r}~copy" for r in record_ids]),
    )
    pairs = predict(pa.concat_tables([sample, copies]), model, threshold=0.0)
    copy_pairs = pairs.filter(
        pc.equal(
            pc.replace_substring(pairs["record_id_l"], "~copy", ""),
            pc.replace_substring(pairs["record_id_r"], "~copy", ""),
        )
    )
    scores = dict.fromkeys(record_ids, 0.0)
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


def _fill_unobserved(settings: dict) -> None:
    """Give every level the probabilities training could not observe.

    On a registry where duplicates are rare, no match ever lands in some levels (a given name
    that is not a spelling variant, a CMND one digit off), and Splink would fall back to its
    generic default m at prediction: a twin's different given name would then weigh almost
    nothing. Instead: the bottom (else) level never seen among matches gets the floor (the
    strongest "different people" the model expresses); an intermediate level gets the
    smallest m trained in its comparison (weaker than any agreement seen).
    """
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        seen = [lv["m_probability"] for lv in levels[:-1] if lv.get("m_probability") is not None]
        for i, level in enumerate(levels):
            if level.get("m_probability") is None and seen:
                level["m_probability"] = _PROBABILITY_FLOOR if i == len(levels) - 1 else min(seen)
            if level.get("u_probability") is None:
                level["u_probability"] = _UNOBSERVED_U


def _floored(settings: dict) -> dict:
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                if level.get(key) is not None and level[key] < _PROBABILITY_FLOOR:
                    level[key] = _PROBABILITY_FLOOR
    return settings
