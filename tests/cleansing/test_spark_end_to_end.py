"""`congan cleanse --engine spark`: normalisation, training, prediction and clustering all on
Spark (local mode here), agreeing with the in-process DuckDB run on the same file."""

import csv

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from congan.cleansing._internal.engines import spark_available
from congan.cleansing.measure import pairwise_scores
from congan.cleansing.pipeline import cleanse_file
from congan.synth.noisy import generate_noisy_records

from .conftest import partition

_ok, _reason = spark_available()

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(not _ok, reason=f"Spark engine unavailable: {_reason}"),
]

COLUMNS = ["record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
           "address", "father_name", "mother_name"]


def _persons(path) -> dict[str, str]:
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["record_id", "person_id", "match_probability"]
    return {r["record_id"]: r["person_id"] for r in rows}


def test_spark_end_to_end_gives_the_same_persons_as_duckdb_with_the_same_model(tmp_path):
    from congan.cleansing.on_spark import cleanse_on_spark

    rows = list(generate_noisy_records(500, seed=5))
    with open(tmp_path / "in.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    on_duckdb = cleanse_file(tmp_path / "in.csv", tmp_path / "duckdb.csv", progress=False)
    stages = []
    on_spark = cleanse_on_spark(tmp_path / "in.csv", tmp_path / "spark.csv",
                                model_path=tmp_path / "duckdb.csv.model.json", on_stage=stages.append)
    assert stages == ["read", "normalise", "predict", "cluster", "write"]
    assert partition(_persons(tmp_path / "spark.csv")) == partition(_persons(tmp_path / "duckdb.csv"))
    assert (on_spark.records, on_spark.persons) == (on_duckdb.records, on_duckdb.persons)
    assert on_spark.engine == "spark" and (tmp_path / "spark.csv.model.json").exists()
    features = pq.read_table(tmp_path / "spark.csv.features.parquet")
    assert features.num_rows == len(rows) and "person_id" in features.column_names


def test_spark_trains_its_own_model_on_parquet_partitioned_by_province(tmp_path):
    """Parquet in (a directory, one part per province) and out (partitioned the same way),
    the model trained on Spark's side: accuracy within 0.002 of the DuckDB run's."""
    rows = list(generate_noisy_records(800, seed=11))
    truth = {r["record_id"]: r["true_person"] for r in rows}
    table = pa.table({c: [r.get(c) for r in rows] for c in COLUMNS})
    # province codes are text: "01" (Hà Nội) must come back as "01"
    table = table.append_column("province", pa.array(["92" if i % 2 else "01" for i in range(len(rows))]))
    pq.write_to_dataset(table, tmp_path / "in", partition_cols=["province"])
    pq.write_table(table.drop_columns(["province"]), tmp_path / "in.parquet")

    call_command("cleanse", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"),
                 "--engine", "spark", "--no-progress")
    out = pq.read_table(tmp_path / "out", partitioning=ds.partitioning(
        pa.schema([("province", pa.string())]), flavor="hive"))
    assert sorted(out["province"].to_pylist()) == sorted(table["province"].to_pylist())
    on_spark = dict(zip(out["record_id"].to_pylist(), out["person_id"].to_pylist(), strict=True))
    assert on_spark.keys() == truth.keys()

    cleanse_file(tmp_path / "in.parquet", tmp_path / "duckdb.csv", progress=False)
    f1_spark = pairwise_scores(on_spark, truth).f1
    f1_duckdb = pairwise_scores(_persons(tmp_path / "duckdb.csv"), truth).f1
    assert f1_duckdb > 0.9
    assert abs(f1_spark - f1_duckdb) <= 0.002, (f1_spark, f1_duckdb)
