"""Database backends for Splink: DuckDB in process by default, Spark local mode for scale.

The trained model is the same on both; only where the SQL runs changes.
"""

from __future__ import annotations

import os
import shutil
from functools import cache

ENGINES = ("duckdb", "spark")


def duckdb_api(threads: int | None = None):
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # Keep large blocking joins within a small machine's memory: spill to disk instead.
    con.execute("SET preserve_insertion_order = false")
    limit = os.environ.get("CONGAN_DUCKDB_MEMORY_LIMIT", "4GB")
    con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
    return DuckDBAPI(connection=con)


def spark_available() -> tuple[bool, str]:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False, "pyspark is not installed (uv sync --group dev, or the 'spark' extra)"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return False, "no Java runtime found (Spark needs Java 17 or later)"
    return True, ""


@cache
def spark_session():
    import tempfile

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # Local mode on the machine's cores; few shuffle partitions suit small and medium inputs.
    session = (
        SparkSession.builder.master(os.environ.get("CONGAN_SPARK_MASTER", "local[*]"))
        .appName("congan-cleanse")
        # Splink's similarity functions (Jaro-Winkler, Damerau-Levenshtein) live in its jar.
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("CONGAN_SPARK_PARTITIONS", "8"))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("CONGAN_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    # Splink breaks long lineages with checkpoints, which need a directory.
    session.sparkContext.setCheckpointDir(
        os.environ.get("CONGAN_SPARK_CHECKPOINT_DIR") or tempfile.mkdtemp(prefix="congan-spark-")
    )
    return session


def spark_api():
    from splink import SparkAPI

    ok, reason = spark_available()
    if not ok:
        raise RuntimeError(f"--engine spark unavailable: {reason}")
    return SparkAPI(spark_session=spark_session(), num_partitions_on_repartition=8)


def db_api(engine: str):
    if engine == "duckdb":
        return duckdb_api()
    if engine == "spark":
        return spark_api()
    raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
