"""Database backends for Splink: DuckDB in process by default, Spark local mode for scale.

The trained model is the same on both; only where the SQL runs changes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from functools import cache

ENGINES = ("duckdb", "spark")


def duckdb_temp_directory() -> str:
    """Where DuckDB spills: `CONGAN_DUCKDB_TEMP`, else a folder under the system temp dir.

    DuckDB's default is `.tmp/` in the current directory, which litters wherever the command
    was started (the repository root during benchmarks).
    """
    path = os.environ.get("CONGAN_DUCKDB_TEMP") or os.path.join(
        tempfile.gettempdir(), "congan-duckdb"
    )
    os.makedirs(path, exist_ok=True)
    return path


def duckdb_memory_limit() -> str:
    """`CONGAN_DUCKDB_MEMORY_LIMIT` (e.g. "6GB"), else half the machine's memory, 1–4 GB.

    Capped at 4 GB: the Python side (features, pairs, clusters) needs room beside DuckDB
    within the 8 GB a million records may use.
    """
    limit = os.environ.get("CONGAN_DUCKDB_MEMORY_LIMIT")
    if limit:
        return limit.replace("'", "")
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "4GB"
    return f"{min(4, max(1, total // 2**31))}GB"


def duckdb_api(threads: int | None = None):
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # Keep large blocking joins within a small machine's memory: spill to disk instead.
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET memory_limit = '{duckdb_memory_limit()}'")
    # What spills holds personal data: DuckDB encrypts its temp files (a key kept in memory only).
    con.execute("SET temp_file_encryption = true")
    con.execute(f"SET temp_directory = '{duckdb_temp_directory().replace(chr(39), '')}'")
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
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # Python work on the executors (normalising, clustering components) runs in this
    # interpreter, not whichever `python3` is first on the PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Local mode on the machine's cores; few shuffle partitions suit small and medium inputs.
    builder = SparkSession.builder
    # Under spark-submit the cluster's master comes from its --master (the launcher sets
    # PYSPARK_GATEWAY_PORT); elsewhere `CONGAN_SPARK_MASTER`, by default local mode.
    if os.environ.get("CONGAN_SPARK_MASTER") or not os.environ.get("PYSPARK_GATEWAY_PORT"):
        builder = builder.master(os.environ.get("CONGAN_SPARK_MASTER", "local[*]"))
    session = (
        builder.appName("congan-cleanse")
        # Splink's similarity functions (Jaro-Winkler, Damerau-Levenshtein) live in its jar.
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("CONGAN_SPARK_PARTITIONS", "8"))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("CONGAN_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # A directory per province reads its code as text: "01" stays "01", not 1.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
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
