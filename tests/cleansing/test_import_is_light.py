"""Importing the engine costs nothing: Django processes and `check-id` never load Splink."""

import subprocess
import sys

PROBE = """
import sys
import congan.cleansing
from congan.cleansing import (
    cluster, features_table, pairwise_scores, read_records, train, validate_record,
)
from congan import idnumbers
heavy = sorted(m for m in ("splink", "duckdb", "django") if m in sys.modules)
print(",".join(heavy) or "-")
"""

BUILD = PROBE + """
from congan.cleansing import features_table, train
from congan.synth.noisy import generate_noisy_records
train(features_table(generate_noisy_records(1500, seed=3)), max_u_pairs=1e5)
print(",".join(sorted(m for m in ("splink", "duckdb", "django") if m in sys.modules)))
"""


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_the_face_loads_neither_django_nor_splink():
    assert _run(PROBE) == ["-"]


def test_splink_and_duckdb_load_when_a_model_is_built():
    before, after = _run(BUILD)
    assert before == "-"
    assert after == "duckdb,splink"


def test_the_function_cluster_is_not_hidden_by_a_module():
    code = "import congan.cleansing.clustering, congan.cleansing as c; print(callable(c.cluster))"
    assert _run(code) == ["True"]
