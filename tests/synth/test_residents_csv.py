import csv

from congan.synth import RESIDENT_COLUMNS, write_residents_csv


def test_writes_the_residents_import_columns(tmp_path):
    path = tmp_path / "residents.csv"
    assert write_residents_csv(path, 300, seed=4) == 300
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == RESIDENT_COLUMNS
    assert RESIDENT_COLUMNS[:10] == (
        "record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
        "address", "father_name", "mother_name",
    )
    assert len(rows) == 300
    assert rows[0]["record_id"] == "P0000001" and rows[0]["source"] == "synth"
    for row in rows:
        year, month, day = row["date_of_birth"].split("-")
        assert len(year) == 4 and len(month) == 2 and len(day) == 2
        assert row["sex"] in ("Nam", "Nữ")
