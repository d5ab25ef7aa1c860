"""`congan cleanse`: input file → persons file, with the trained model stored beside it."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import link, training
from .clustering import Pair, cluster
from .features import features_table
from .inputs import CleansingInputError, read_records

__all__ = ["STAGES", "CleansingInputError", "Summary", "cleanse_file", "cleanse_records"]

#: The stages of a run, in order; `on_stage(name)` is called as each begins.
STAGES = ("read", "normalise", "train", "predict", "cluster", "write")

StageHook = Callable[[str], None] | None


@dataclass(frozen=True)
class Summary:
    records: int
    persons: int
    scored_pairs: int
    uncertain_pairs: int
    engine: str
    seconds: float
    output_path: str
    model_path: str
    timings: dict  # seconds per stage: read, normalise, train, predict, cluster, write
    model: str = ""  # one line: what was trained, what came from the prior, what was left out

    def to_dict(self) -> dict:
        return asdict(self)


def _progress(enabled: bool, total: int, desc: str):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rec", mininterval=1.0)


def _normalise(rows, progress: bool, provinces: tuple[str, ...]):
    rows = rows if isinstance(rows, pa.Table | list) else list(rows)
    bar = _progress(progress, len(rows), "normalise")
    try:
        return features_table(rows, progress=bar, provinces=provinces)
    finally:
        if bar is not None:
            bar.close()


def _stage(on_stage: StageHook, name: str) -> None:
    if on_stage is not None:
        on_stage(name)


def printed_stages(out=None) -> Callable[[str], None]:
    """An `on_stage` hook for a terminal: one line per stage, with the time the previous took,
    so a long run is never silent (stderr, beside the normaliser's progress bar)."""
    out = out or sys.stderr
    state = {"name": None, "clock": time.perf_counter(), "started": time.perf_counter()}

    def hook(name: str) -> None:
        now = time.perf_counter()
        done = f" ({state['name']} took {now - state['clock']:.1f} s)" if state["name"] else ""
        number = STAGES.index(name) + 1 if name in STAGES else "-"
        out.write(f"[{now - state['started']:7.1f} s] stage {number}/{len(STAGES)}: {name}{done}\n")
        out.flush()
        state.update(name=name, clock=now)

    return hook


def _link_and_cluster(
    features, *, engine, model, threshold, must_link, cannot_link, timings, lower=None,
    on_stage: StageHook = None,
):
    clock = time.perf_counter()
    if model is None:
        _stage(on_stage, "train")
        model = training.train(features, match_threshold=threshold)
    timings["train"] = round(time.perf_counter() - clock, 2)
    clock = time.perf_counter()
    lower = link.REVIEW_THRESHOLD if lower is None else lower
    _stage(on_stage, "predict")
    pairs = link.predict(features, model, engine=engine, threshold=lower)
    timings["predict"] = round(time.perf_counter() - clock, 2)
    clock = time.perf_counter()
    _stage(on_stage, "cluster")
    clusters = cluster(
        features["record_id"].to_pylist(),
        pairs,
        threshold=threshold,
        must_link=must_link,
        cannot_link=cannot_link,
        evidence=features,
        evidence_kinds=link.evidence_kinds(model),
    )
    timings["cluster"] = round(time.perf_counter() - clock, 2)
    return clusters, pairs, model


def cleanse_records(
    rows: list[dict],
    *,
    engine: str = "duckdb",
    model: link.Model | None = None,
    progress: bool = False,
    threshold: float = link.MATCH_THRESHOLD,
    lower: float = link.REVIEW_THRESHOLD,
    must_link: Iterable[Pair] = (),
    cannot_link: Iterable[Pair] = (),
    provinces: tuple[str, ...] = (),
    on_stage: StageHook = None,
):
    """In-memory form of `cleanse_file`: (clusters, pairs, features, model).

    Persons are linked at `threshold`; `pairs` holds every pair scored at least `lower` (the
    bottom of the review band) plus the vetoed pairs that constrained clustering. A model is
    trained on the rows unless one is given; `TrainingFailed` if they cannot train one.
    `on_stage(name)` is called as each stage of `STAGES` from "normalise" to "cluster" begins
    ("train" only when a model is trained).
    """
    if not 0.0 <= lower < threshold <= 1.0:
        raise ValueError(
            f"thresholds must satisfy 0 ≤ lower < threshold ≤ 1, got {lower}, {threshold}"
        )
    _stage(on_stage, "normalise")
    features = _normalise(rows, progress, provinces)
    clusters, pairs, model = _link_and_cluster(
        features,
        engine=engine,
        model=model,
        threshold=threshold,
        lower=lower,
        must_link=must_link,
        cannot_link=cannot_link,
        timings={},
        on_stage=on_stage,
    )
    return clusters, pairs, features, model


def _write(table: pa.Table, path: Path) -> None:
    if path.suffix.lower() == ".parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)


def cleanse_file(
    input_path: str | Path,
    output_path: str | Path,
    *,
    engine: str = "duckdb",
    progress: bool = True,
    model_path: str | Path | None = None,
    must_link: Iterable[Pair] = (),
    cannot_link: Iterable[Pair] = (),
    provinces: tuple[str, ...] = (),
    on_stage: StageHook = None,
) -> Summary:
    """Cleanse one file; write `record_id, person_id, match_probability` (CSV or Parquet).

    Beside the output go `<output>.model.json` (the trained Splink model: settings, m, u, λ,
    so any merge can be explained and replayed), `<output>.pairs.parquet` (scored pairs, for
    the review queue) and `<output>.features.parquet` (normalised records, so later batches
    can be linked incrementally). Pass `model_path` to replay a stored model instead of
    training. With `progress`, each stage is announced on stderr as it begins (unless an
    `on_stage` hook is given, which is called instead).
    """
    if on_stage is None and progress:
        on_stage = printed_stages()
    started = time.perf_counter()
    _stage(on_stage, "read")
    timings: dict[str, float] = {}
    output_path = Path(output_path)
    rows = read_records(input_path)
    if not rows.num_rows:
        raise CleansingInputError(f"{input_path}: no records")
    model = link.Model.load(model_path) if model_path else None
    timings["read"] = round(time.perf_counter() - started, 2)
    clock = time.perf_counter()
    _stage(on_stage, "normalise")
    features = _normalise(rows, progress, provinces)
    n_records = rows.num_rows
    del rows  # the raw strings are not needed again: free them before linking
    timings["normalise"] = round(time.perf_counter() - clock, 2)
    clusters, pairs, model = _link_and_cluster(
        features,
        engine=engine,
        model=model,
        threshold=link.MATCH_THRESHOLD,
        must_link=must_link,
        cannot_link=cannot_link,
        timings=timings,
        on_stage=on_stage,
    )
    clock = time.perf_counter()
    _stage(on_stage, "write")
    _write(clusters.to_table(), output_path)
    stored_model = Path(f"{output_path}.model.json")
    model.save(stored_model)
    pq.write_table(pairs, f"{output_path}.pairs.parquet")
    person_ids = pa.array([clusters.person_id[r] for r in features["record_id"].to_pylist()])
    pq.write_table(
        features.append_column("person_id", person_ids), f"{output_path}.features.parquet"
    )
    timings["write"] = round(time.perf_counter() - clock, 2)
    summary = Summary(
        records=n_records,
        persons=len(set(clusters.person_id.values())),
        scored_pairs=pairs.num_rows,
        uncertain_pairs=link.uncertain_pairs(pairs).num_rows,
        engine=engine,
        seconds=round(time.perf_counter() - started, 2),
        output_path=str(output_path),
        model_path=str(stored_model),
        timings=timings,
        model=model.describe(),
    )
    run = {
        "summary": summary.to_dict(),
        "input": str(input_path),
        "match_threshold": link.MATCH_THRESHOLD,
        "review_threshold": link.REVIEW_THRESHOLD,
        "model_replayed_from": str(model_path) if model_path else None,
        "model_provenance": model.provenance,
    }
    Path(f"{output_path}.run.json").write_text(json.dumps(run, indent=1), "utf-8")
    return summary
