"""The vectorised features agree with the value normalisers they are built from."""

import unicodedata

import pyarrow as pa
import pytest

from congan.cleansing import features_table
from congan.cleansing.normalise import fold, normalise_id, parse_address, parse_date, split_name
from congan.synth.noisy import generate_noisy_records

AREA = ("92", "93", "94")
ROWS = [
    {"record_id": "1", "full_name": "NGUYEENX THIJ HOAF", "date_of_birth": "31/02/1990",
     "address": "so 12 duong nguyen trai P. An Hoa Q. Ninh Kieu TP Can Tho", "id_number": "92190000123"},
    {"record_id": "2", "full_name": unicodedata.normalize("NFD", "Trần Văn Minh Tuấn"),
     "date_of_birth": "19560409", "address": "Số 3, Phường An Hòa, Quận Ninh Kiều",
     "id_number": "36.123.4567", "hometown": "Cần Thơ", "father_name": "Trần Văn Bảy"},
    {"record_id": "3", "full_name": "Lan", "date_of_birth": "03/1988", "id_number": "A1234567"},
    {"record_id": "4", "full_name": "james  o'brien", "date_of_birth": "1990-12-31",
     "address": "12 Smith Street; Sunnybank - 4109 QLD", "sex": "M"},
    {"record_id": "5", "full_name": "  ", "date_of_birth": "ngày 5 tháng 3 năm 1990"},
]  # fmt: skip


def _expected(row: dict) -> dict:
    name = split_name(row["full_name"]) if row.get("full_name", "").strip() else None
    dob = parse_date(row["date_of_birth"]) if row.get("date_of_birth") else None
    address = parse_address(row["address"], AREA) if row.get("address") else None
    ident = normalise_id(row["id_number"]) if row.get("id_number") else None
    if dob is None and ident and ident.valid and ident.cccd:  # the CCCD states the birth year
        dob = parse_date(str(ident.cccd.birth_year))
    return {
        "surname_key": (name.surname_key or None) if name else None,
        "middle_key": (name.middle_key or None) if name else None,
        "given_key": name.given_key if name else None,
        "given_acc": name.given.lower() if name else None,
        "dob": dob.iso if dob else None,
        "dob_year": dob.year if dob else None,
        "dob_month": dob.month if dob else None,
        "dob_day": dob.day if dob else None,
        "cccd": ident.number if ident and ident.kind == "cccd" else None,
        "cmnd": ident.number if ident and ident.kind == "cmnd" else None,
        "ward_codes": list(address.ward_codes_2025) or None if address else None,
        "address_detail": (address.detail or None) if address else None,
    }


@pytest.mark.parametrize("row", ROWS, ids=[r["record_id"] for r in ROWS])
def test_each_feature_is_the_value_normalisers(row):
    got = features_table([row], provinces=AREA).to_pylist()[0]
    for key, value in _expected(row).items():
        assert got[key] == value, key


def test_on_synthetic_records_too():
    rows = generate_noisy_records(3000, seed=4)
    table = features_table(rows, provinces=AREA)
    for row, got in zip(rows, table.to_pylist(), strict=True):
        want = _expected(row)
        assert {k: got[k] for k in want} == want, row["record_id"]


def test_other_identifiers_are_kept_apart_from_cccd_and_cmnd():
    got = features_table(ROWS).to_pylist()
    assert [r["other_id"] for r in got] == [None, None, "A1234567", None, None]


def test_parents_and_hometown():
    got = features_table(ROWS[1:2], provinces=AREA).to_pylist()[0]
    assert got["father_key"] == fold("Trần Bảy")  # 'Văn' is no part of the key
    assert got["hometown_code"] == "92"


def test_any_subset_of_columns_and_an_arrow_table():
    table = pa.table({"record_id": ["a", "b"], "full_name": ["Lê Thị Hoa", None]})
    got = features_table(table).to_pylist()
    assert [r["given_key"] for r in got] == ["hoa", None]
    assert all(r["dob"] is None and r["ward_codes"] is None for r in got)


def test_in_batches_as_a_whole():
    from congan.cleansing import features

    rows = generate_noisy_records(1200, seed=8)
    whole = features_table(rows, provinces=AREA)
    features.BATCH_ROWS, saved = 500, features.BATCH_ROWS
    try:
        assert features_table(rows, provinces=AREA).equals(whole)
    finally:
        features.BATCH_ROWS = saved


def _awkward(rows):
    """The generated records made awkward: NFD, mixed case, stray spaces and dots, foreign
    names, missing fields, odd dates."""
    import random

    rng = random.Random(9)
    odd_dates = ["31/02/1990", "1990", "03/1988", "5/3/90", "19560409", "ngày 5 tháng 3 năm 1990",
                 "13/13/2000", "  12-05-1987 ", "2001.07.04", "abc", ""]  # fmt: skip
    foreign = ["james  o'brien", "Maria José García", "李小龍", "Jean-Luc  PICARD", "o.k."]
    out = []
    for row in rows:
        r = dict(row)
        kind = rng.randrange(7)
        if kind == 0:
            r["full_name"] = unicodedata.normalize("NFD", r["full_name"]).swapcase()
        elif kind == 1:
            r["full_name"] = "  " + r["full_name"].replace(" ", "   ") + " . "
        elif kind == 2:
            r["full_name"] = rng.choice(foreign)
        elif kind == 3:
            for c in ("date_of_birth", "address", "id_number"):
                r[c] = ""
        elif kind == 4:
            r["date_of_birth"] = rng.choice(odd_dates)
        elif kind == 5:
            r["address"] = unicodedata.normalize("NFD", r["address"]).upper()
        out.append(r)
    return out


def test_awkward_records_read_from_many_chunks_as_the_value_normalisers():
    """Equality with the value normalisers on a few thousand awkward records, handed over as
    an Arrow table in many small chunks (as a CSV read arrives)."""
    from congan.synth.noisy import REGISTRY_ERRORS

    rows = _awkward(generate_noisy_records(3000, seed=6, errors=REGISTRY_ERRORS))
    columns = [c for c in rows[0] if c not in ("true_person", "errors")]
    batches = [
        pa.RecordBatch.from_pylist([{c: r[c] for c in columns} for r in rows[i : i + 97]])
        for i in range(0, len(rows), 97)
    ]
    table = pa.Table.from_batches(batches)
    assert table["full_name"].num_chunks > 30
    got = features_table(table, provinces=AREA).to_pylist()
    for row, g in zip(rows, got, strict=True):
        want = _expected(row)
        assert {k: g[k] for k in want} == want, row
