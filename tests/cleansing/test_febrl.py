"""FEBRL, the public benchmark (Australian names and addresses, a social-security number, no
sex, no parents): congan cleanses it as a file of the contract and scores no lower than plain
Splink on FEBRL's own columns, in the same run."""

import importlib.util
import logging
from pathlib import Path

import pytest

from congan.cleansing import cleanse_records, pairwise_scores
from congan.synth import febrl

BENCH = Path(__file__).resolve().parents[2] / "bench" / "cleanse_febrl.py"


def _plain_splink():
    spec = importlib.util.spec_from_file_location("cleanse_febrl", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.plain_splink


@pytest.mark.slow
@pytest.mark.parametrize(("dataset", "records"), [("febrl1", None), ("febrl3", 2500)])
def test_not_below_plain_splink(dataset, records):
    logging.getLogger("splink").setLevel(logging.ERROR)
    rows = febrl.load(dataset)[:records]
    truth = {r["record_id"]: r["true_person"] for r in rows}
    clusters, _pairs, _features, model = cleanse_records(rows)
    ours = pairwise_scores(clusters.person_id, truth)
    theirs = pairwise_scores(_plain_splink()(rows), truth)
    assert ours.f1 >= 0.99, ours
    assert ours.f1 >= theirs.f1 - 0.002, (ours, theirs)
    assert "left out (no data): sex, cccd, cmnd, family, hometown" in model.describe()
