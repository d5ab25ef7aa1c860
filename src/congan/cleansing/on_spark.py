"""`congan cleanse --engine spark`: every stage on Spark, no record collected to the driver.

The same stages as the in-process run (`pipeline`), each as Spark work:

- **normalise**: `features.normalise_batch` over Arrow batches (`mapInArrow`) on the executors;
- **train** (unless a model is given): on a sample of at most `TRAINING_SAMPLE` records, the only
  records the driver ever holds; the trained model is the same JSON as in-process;
- **predict**: blocking and scoring by Splink's Spark backend, the vetoes as a SQL column;
- **cluster**: the links' connected components by minimum-label propagation in Spark SQL
  (checkpointed each round), then each component clustered on an executor by the same
  `clustering.cluster` (vetoes, evidence between whole clusters) as in-process: a component is
  a person or a few, a few records, whatever the size of the input;
- **write**: Parquet directories (partitioned by `province` where the input has that column) or
  one CSV file, as the output's name asks.

Input: a CSV file, a Parquet file or a directory of Parquet files (e.g. one per province),
with the cleansing contract's columns (DESIGN.md); missing columns are empty.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pyarrow as pa

from . import link, training
from .clustering import cluster
from .features import SCHEMA, normalise_batch
from .inputs import INPUT_COLUMNS, CleansingInputError
from .pipeline import STAGES, StageHook, Summary, _stage, printed_stages

__all__ = ["TRAINING_SAMPLE", "cleanse_on_spark", "connected_components"]

#: Records the model is trained on when a run trains one (a sample: training needs the
#: shape of the data, not every record).
TRAINING_SAMPLE = 300_000
#: Rounds of label propagation before giving up: a chain of linked records longer than this
#: is not a person (components are a few records; each round halves nothing, it moves one hop).
MAX_ROUNDS = 64
#: The columns each component's clustering reads (`clustering.record_evidence`).
EVIDENCE_COLUMNS = ("record_id", "cccd", "cmnd", "other_id", "given_key", "dob_year",
                    "dob_month", "dob_day", "sex")  # fmt: skip
OUTPUT_SCHEMA = pa.schema([("record_id", pa.string()), ("person_id", pa.string()),
                           ("match_probability", pa.float64())])  # fmt: skip


def _read(spark, path: Path):
    from pyspark.sql import functions as F

    if not path.exists():
        raise CleansingInputError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        df = spark.read.csv(str(path), header=True, multiLine=True, escape='"', encoding="UTF-8")
    elif path.is_dir() or path.suffix.lower() == ".parquet":
        df = spark.read.parquet(str(path))
    else:
        raise CleansingInputError(f"{path}: unsupported file type {path.suffix!r}; use .csv or .parquet")
    if "record_id" not in df.columns:
        raise CleansingInputError(f"{path}: no record_id column")
    extra = ["province"] if "province" in df.columns else []
    df = df.select(
        *[(F.col(c) if c in df.columns else F.lit(None)).cast("string").alias(c) for c in INPUT_COLUMNS],
        *[F.col(c).cast("string") for c in extra],
    )
    duplicated = (df.groupBy("record_id").count().where("count > 1 OR record_id IS NULL")
                  .select("record_id").limit(5).collect())
    if duplicated:
        shown = ", ".join(repr(r.record_id) for r in duplicated)
        raise CleansingInputError(f"{path}: record_id missing or repeated: {shown}", rejected_rows=True)
    return df


def _normalised(df, provinces: tuple[str, ...]):
    from pyspark.sql.pandas.types import from_arrow_schema

    def normalise(batches):
        for batch in batches:
            yield normalise_batch(batch.select(list(INPUT_COLUMNS)), provinces=provinces)

    return df.select(*INPUT_COLUMNS).mapInArrow(normalise, from_arrow_schema(SCHEMA))


def _train(features, model: link.Model | None, threshold: float, seed: int) -> link.Model:
    if model is not None:
        return model
    total = features.count()
    sample = features if total <= TRAINING_SAMPLE else features.sample(
        fraction=min(1.0, 1.1 * TRAINING_SAMPLE / total), seed=seed).limit(TRAINING_SAMPLE)
    return training.train(sample.toArrow(), match_threshold=threshold)


def _scored(spark, features, model: link.Model, lower: float, partitions: int):
    """Splink's scored pairs as a Spark DataFrame: record ids, probability, veto."""
    from splink import Linker, SparkAPI

    link._quiet()
    api = SparkAPI(spark_session=spark, num_partitions_on_repartition=partitions)
    linker = Linker(api.register(features), model.for_dialect(api.sql_dialect.sql_dialect_str),
                    log_level=None)
    scored = linker.inference.predict(warning_mode="never").as_spark_dataframe()
    veto = link._veto_sql(model.settings, scored.columns)
    return scored.selectExpr(
        "CAST(record_id_l AS STRING) AS record_id_l", "CAST(record_id_r AS STRING) AS record_id_r",
        "CAST(match_probability AS DOUBLE) AS match_probability", f"({veto}) AS veto",
    ).where(f"match_probability >= {float(lower)!r} OR ({veto})")


def connected_components(edges):
    """record_id → component (the smallest record id in it) for the records of `edges`
    (columns a, b), by minimum-label propagation: each round every record takes the smallest
    label among itself and its neighbours, until no label changes. Checkpointed each round,
    so the plan stays one round long."""
    from pyspark.sql import functions as F

    both = edges.select("a", "b").union(edges.select(F.col("b").alias("a"), F.col("a").alias("b")))
    both = both.where("a != b").distinct().checkpoint()
    labels = both.groupBy("a").agg(F.least(F.min("b"), F.first("a")).alias("label")) \
        .withColumnRenamed("a", "id").checkpoint()
    for _ in range(MAX_ROUNDS):
        pulled = (both.join(labels, both.b == labels.id).groupBy(both.a)
                  .agg(F.min("label").alias("pulled")))
        moved = (labels.join(pulled, labels.id == pulled.a)
                 .select("id", F.least("label", "pulled").alias("label")).checkpoint())
        changed = (moved.join(labels.withColumnRenamed("label", "before"), "id")
                   .where("label != before").limit(1).count())
        labels = moved
        if not changed:
            return labels.select(F.col("id").alias("record_id"), F.col("label").alias("component"))
    raise RuntimeError(f"linked records form chains longer than {MAX_ROUNDS}: not persons")


def _clustered(features, pairs, threshold: float, kinds: frozenset[str]):
    """(persons, the pairs inside a component): each component of the links clustered on an
    executor, every other record alone (its own person, probability 1)."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    links = pairs.where(f"match_probability >= {float(threshold)!r} AND NOT veto")
    # read three times below: cheap, it is a projection of the last round's checkpoint
    components = connected_components(
        links.select(F.col("record_id_l").alias("a"), F.col("record_id_r").alias("b")))
    left, right = components.alias("l"), components.alias("r")
    inside = (pairs.join(left, pairs.record_id_l == F.col("l.record_id"))
              .join(right, pairs.record_id_r == F.col("r.record_id"))
              .where("l.component = r.component")
              .select("record_id_l", "record_id_r", "match_probability", "veto",
                      F.col("l.component").alias("component")))
    members = features.select(*EVIDENCE_COLUMNS).join(components, "record_id")

    def one_component(records: pa.Table, scored: pa.Table) -> pa.Table:
        found = cluster(records["record_id"].to_pylist(), scored.drop_columns(["component"]),
                        threshold=threshold, evidence=records.drop_columns(["component"]),
                        evidence_kinds=kinds)
        return found.to_table().cast(OUTPUT_SCHEMA)

    together = (members.groupBy("component").cogroup(inside.groupBy("component"))
                .applyInArrow(one_component, from_arrow_schema(OUTPUT_SCHEMA)))
    alone = (features.select("record_id").join(components, "record_id", "left_anti")
             .select("record_id", F.concat(F.lit("P-"), "record_id").alias("person_id"),
                     F.lit(1.0).alias("match_probability")))
    return together.unionByName(alone), inside


def _write(df, path: Path, partition_by: list[str]) -> None:
    if path.suffix.lower() == ".csv":  # one file, as the contract's output is
        parts = path.with_name(path.name + ".parts")
        df.coalesce(1).write.mode("overwrite").csv(str(parts), header=True)
        shutil.move(str(next(parts.glob("part-*.csv"))), str(path))
        shutil.rmtree(parts)
        return
    writer = df.write.mode("overwrite")
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    writer.parquet(str(path))


def cleanse_on_spark(
    input_path: str | Path,
    output_path: str | Path,
    *,
    model_path: str | Path | None = None,
    provinces: tuple[str, ...] = (),
    progress: bool = True,
    on_stage: StageHook = None,
    partitions: int | None = None,
    seed: int = 1,
) -> Summary:
    """`pipeline.cleanse_file` on Spark: the same outputs beside `output_path` (the model JSON,
    the scored pairs, the features with their person, the run's JSON), as Parquet
    directories (or one CSV for a `.csv` output)."""
    from ._internal import engines

    ok, reason = engines.spark_available()
    if not ok:
        raise RuntimeError(f"--engine spark unavailable: {reason}")

    if on_stage is None and progress:
        on_stage = printed_stages()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = started

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 2)
        clock = now

    spark = engines.spark_session()
    partitions = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    input_path, output_path = Path(input_path), Path(output_path)
    _stage(on_stage, "read")
    raw = _read(spark, input_path).persist()
    records = raw.count()
    if not records:
        raise CleansingInputError(f"{input_path}: no records")
    model = link.Model.load(model_path) if model_path else None
    lap("read")
    _stage(on_stage, "normalise")
    features = _normalised(raw, provinces).persist()
    features.count()
    lap("normalise")
    if model is None:
        _stage(on_stage, "train")
    model = _train(features, model, link.MATCH_THRESHOLD, seed)
    lap("train")
    _stage(on_stage, "predict")
    pairs = _scored(spark, features, model, link.REVIEW_THRESHOLD, partitions).persist()
    lap("predict")
    _stage(on_stage, "cluster")
    persons, inside = _clustered(features, pairs, link.MATCH_THRESHOLD, link.evidence_kinds(model))
    persons = persons.persist()
    n_persons = persons.select("person_id").distinct().count()
    # the pairs kept: those in the review band or above, and the vetoed ones that bound a merge
    binding = (inside.where(f"veto AND match_probability < {link.REVIEW_THRESHOLD!r}")
               .select(*pairs.columns))
    kept = pairs.where(f"match_probability >= {link.REVIEW_THRESHOLD!r}").unionByName(binding)
    lap("cluster")
    _stage(on_stage, "write")
    extra = ["province"] if "province" in raw.columns else []
    out = persons.join(raw.select("record_id", *extra), "record_id") if extra else persons
    _write(out, output_path, extra)
    stored_model = Path(f"{output_path}.model.json")
    model.save(stored_model)
    kept.write.mode("overwrite").parquet(f"{output_path}.pairs.parquet")
    features.join(persons.select("record_id", "person_id"), "record_id") \
        .write.mode("overwrite").parquet(f"{output_path}.features.parquet")
    scored_pairs = kept.count()
    uncertain = kept.where(f"NOT veto AND match_probability < {link.MATCH_THRESHOLD!r}").count()
    lap("write")
    summary = Summary(
        records=records, persons=n_persons, scored_pairs=scored_pairs, uncertain_pairs=uncertain,
        engine="spark", seconds=round(time.perf_counter() - started, 2), output_path=str(output_path),
        model_path=str(stored_model), timings=timings, model=model.describe(),
    )
    Path(f"{output_path}.run.json").write_text(json.dumps({
        "summary": summary.to_dict(), "input": str(input_path), "stages": list(STAGES),
        "match_threshold": link.MATCH_THRESHOLD, "review_threshold": link.REVIEW_THRESHOLD,
        "model_replayed_from": str(model_path) if model_path else None,
        "model_provenance": model.provenance,
    }, indent=1), "utf-8")
    for frame in (persons, pairs, features, raw):
        frame.unpersist()
    return summary

