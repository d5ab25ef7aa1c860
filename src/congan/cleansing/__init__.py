"""Population data cleansing: read, normalise, validate, link, cluster, measure.

Pure Python with Splink on DuckDB (or Spark); never imports Django. The public face is a few
names, grouped by the stage a user is at, loaded on first use: importing this package costs
nothing, and Splink and DuckDB load only when a model is trained or applied. Everything under
`_internal` is private machinery; the stage modules (`normalise`, `link`, `clustering`, …)
hold the finer tools.

    read       read_records, CleansingInputError
    normalise  features_table
    validate   validate_record, Finding
    link       train, predict, uncertain_pairs, Model, TrainingFailed,
               MATCH_THRESHOLD, REVIEW_THRESHOLD
    cluster    cluster, Clusters, DecisionConflict
    increment  link_incremental, Assignments
    measure    pairwise_scores, settled_count, cleansing_rate
    run        cleanse_file, cleanse_records, Summary
"""

from __future__ import annotations

from importlib import import_module

_FACE = {
    "inputs": ("read_records", "CleansingInputError"),
    "features": ("features_table",),
    "validate": ("validate_record", "Finding"),
    "training": ("train",),
    "link": (
        "predict",
        "uncertain_pairs",
        "Model",
        "TrainingFailed",
        "MATCH_THRESHOLD",
        "REVIEW_THRESHOLD",
    ),
    "clustering": ("cluster", "Clusters", "DecisionConflict"),
    "incremental": ("link_incremental", "Assignments"),
    "measure": ("pairwise_scores", "settled_count", "cleansing_rate"),
    "pipeline": ("cleanse_file", "cleanse_records", "Summary"),
}
_HOME = {name: module for module, names in _FACE.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is None:  # lets `from congan.cleansing import link` find the submodule
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
