"""A small registry (a few hundred residents, no CMND duplicates) still trains or says why."""

import pytest

from congan.cleansing import TrainingFailed, features_table
from congan.cleansing.training import train
from congan.synth.noisy import generate_noisy_records


def test_a_training_rule_without_pairs_is_skipped_not_fatal():
    rows = [r for r in generate_noisy_records(400, seed=5) if r["source"] != "cmnd"]
    for row in rows:
        row.pop("true_person")
    features = features_table(rows)
    try:
        model = train(features)
    except TrainingFailed as refused:  # a clear refusal is acceptable; a Splink crash is not
        assert str(refused)
    else:
        assert model.settings["comparisons"]


def test_no_near_certain_match_at_all_is_a_clear_refusal():
    rows = [{"record_id": str(i), "full_name": name, "date_of_birth": "", "sex": "", "id_number": ""}
            for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"])]
    with pytest.raises(TrainingFailed):
        train(features_table(rows))
