import pytest

from congan.cleansing import cluster, link
from congan.cleansing._internal.engines import spark_available

from .conftest import partition

_ok, _reason = spark_available()

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(not _ok, reason=f"Spark engine unavailable: {_reason}"),
]


def test_spark_agrees_with_duckdb(features, model):
    small = features.slice(0, 800)
    ids = small["record_id"].to_pylist()
    on_duckdb = link.predict(small, model, engine="duckdb")
    on_spark = link.predict(small, model, engine="spark")

    assert partition(cluster(ids, on_duckdb).person_id) == partition(
        cluster(ids, on_spark).person_id
    )
    d = {
        (a, b): p
        for a, b, p in zip(
            *(on_duckdb[c].to_pylist() for c in on_duckdb.column_names[:3]), strict=True
        )
    }
    s = {
        (a, b): p
        for a, b, p in zip(
            *(on_spark[c].to_pylist() for c in on_spark.column_names[:3]), strict=True
        )
    }
    assert d.keys() == s.keys()
    assert all(abs(d[k] - s[k]) < 1e-9 for k in d)
