import csv
import json

import pyarrow.csv as pacsv

from congan.cleansing import cleanse_file, cluster, pairwise_scores
from congan.synth.noisy import iter_rows

from .conftest import partition

F1_FLOOR = 0.98


def test_f1_on_labelled_set(features, pairs, labelled_rows):
    clusters = cluster(features["record_id"].to_pylist(), pairs)
    truth = {r["record_id"]: r["true_person"] for r in labelled_rows}
    scores = pairwise_scores(clusters.person_id, truth)
    assert scores.f1 >= F1_FLOOR, scores


def test_siblings_and_twins_stay_apart(features, pairs, labelled_rows):
    """Records of different people sharing parents and address are never one person."""
    clusters = cluster(features["record_id"].to_pylist(), pairs)
    by_id = {r["record_id"]: r for r in labelled_rows}
    wrong = 0
    for members in clusters.members().values():
        people = {by_id[r]["true_person"] for r in members}
        wrong += len(people) - 1
    assert wrong <= len(labelled_rows) * 0.005


def _write_input(rows, path):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(next(iter_rows(rows, labels=False))))
        writer.writeheader()
        writer.writerows(iter_rows(rows, labels=False))


def test_cleanse_file_contract_and_replay(tmp_path, labelled_rows):
    rows = labelled_rows[:1500]
    source = tmp_path / "in.csv"
    _write_input(rows, source)
    out = tmp_path / "out.csv"
    summary = cleanse_file(source, out, progress=False)

    table = pacsv.read_csv(out)
    assert table.column_names == ["record_id", "person_id", "match_probability"]
    assert table.num_rows == summary.records == len(rows)
    probs = table["match_probability"].to_pylist()
    assert all(0.0 < p <= 1.0 for p in probs)
    model = json.loads((tmp_path / "out.csv.model.json").read_text("utf-8"))
    assert model["comparisons"] and model["probability_two_random_records_match"]

    # Replaying the stored model gives the same persons.
    again = tmp_path / "again.parquet"
    cleanse_file(source, again, progress=False, model_path=tmp_path / "out.csv.model.json")
    import pyarrow.parquet as pq

    first = dict(zip(table["record_id"].to_pylist(), table["person_id"].to_pylist(), strict=True))
    replay = pq.read_table(again)
    second = dict(
        zip(replay["record_id"].to_pylist(), replay["person_id"].to_pylist(), strict=True)
    )
    assert partition(first) == partition(second)
