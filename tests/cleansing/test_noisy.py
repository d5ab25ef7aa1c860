from collections import Counter

from congan.cleansing.normalise import clean_text
from congan.synth.noisy import COLUMNS, SOURCES, generate_noisy_records, old_tones, telex, vni


def test_rows_follow_the_contract(labelled_rows):
    assert set(labelled_rows[0]) == {*COLUMNS, "true_person"}
    assert len({r["record_id"] for r in labelled_rows}) == len(labelled_rows)
    assert {r["source"] for r in labelled_rows} == set(SOURCES)
    per_person = Counter(r["true_person"] for r in labelled_rows)
    assert max(per_person.values()) <= 3
    assert sum(1 for c in per_person.values() if c > 1) > len(per_person) * 0.4


def test_same_seed_same_rows():
    assert generate_noisy_records(200, seed=3) == generate_noisy_records(200, seed=3)


def test_keystroke_noise_round_trips():
    for name in ("Nguyễn Thị Thủy", "Trần Đức Trường", "Lê Hoàng Yến"):
        assert clean_text(telex(name)) == name
        assert clean_text(vni(name)) == name
    assert old_tones("Lê Thị Hòa") == "Lê Thị Hoà"
