"""Different people are never merged through their duplicates (component-to-component vetoes)."""

import pyarrow as pa
import pytest

from congan.cleansing import cluster
from congan.cleansing.clustering import conflict, record_evidence
from congan.cleansing.features import features_table

PARENTS = {"father_name": "Vũ Văn Thành", "mother_name": "Lê Thị Hoa"}
HOME = "12 Nguyễn Trãi, Phường An Hòa, Quận Ninh Kiều, Thành phố Cần Thơ"


def _row(rid, name, dob, number=""):
    return {"record_id": rid, "full_name": name, "date_of_birth": dob, "sex": "Nam",
            "id_number": number, "address": HOME, **PARENTS}  # fmt: skip


# Twins: same parents, address and birth date; different given names and CCCDs. Each has a
# noisy duplicate; the model links each twin to his own duplicate and (one strong, wrong link)
# a duplicate to the other twin's duplicate. The twins themselves are never blocked together,
# so no pair between them carries a veto.
TWINS = [
    _row("phuc", "Vũ Quốc Phúc", "2004-03-12", "092204001111"),
    _row("phuc-dup", "Vu Quoc Phuc", "12/03/2004"),
    _row("khoa", "Vũ Văn Khoa", "2004-03-12", "092204002222"),
    _row("khoa-dup", "VŨ VĂN KHOA", "12/3/2004"),
]


def _pairs(rows):
    a, b, p = zip(*rows, strict=True)
    return pa.table({"record_id_l": a, "record_id_r": b, "match_probability": p,
                     "veto": [False] * len(a)})  # fmt: skip


def test_twins_are_not_merged_through_their_duplicates():
    features = features_table(TWINS)
    pairs = _pairs([("phuc", "phuc-dup", 0.999), ("khoa", "khoa-dup", 0.999),
                    ("khoa-dup", "phuc-dup", 0.95)])  # fmt: skip
    result = cluster(features["record_id"].to_pylist(), pairs, evidence=record_evidence(features))
    assert result.person_id["phuc"] == result.person_id["phuc-dup"]
    assert result.person_id["khoa"] == result.person_id["khoa-dup"]
    assert result.person_id["phuc"] != result.person_id["khoa"]


def test_without_evidence_the_chain_merges_them():
    """What happened before: connected components join the twins."""
    pairs = _pairs([("phuc", "phuc-dup", 0.999), ("khoa", "khoa-dup", 0.999),
                    ("khoa-dup", "phuc-dup", 0.95)])  # fmt: skip
    result = cluster([r["record_id"] for r in TWINS], pairs)
    assert result.person_id["phuc"] == result.person_id["khoa"]


def test_an_officers_merge_overrides_the_evidence():
    features = features_table(TWINS)
    result = cluster(features["record_id"].to_pylist(), None,
                     must_link=[("phuc", "khoa")], evidence=record_evidence(features))  # fmt: skip
    assert result.person_id["phuc"] == result.person_id["khoa"]


def _evidence(*rows):
    ev = record_evidence(features_table(list(rows)))
    out = ev[rows[0]["record_id"]]
    for r in rows[1:]:
        out = out | ev[r["record_id"]]
    return out


@pytest.mark.parametrize(
    ("left", "right", "why"),
    [
        # CCCD: a one-digit typo is the same number; another number is another person.
        (
            _row("a", "Vũ Quốc Phúc", "2004-03-12", "092204001111"),
            _row("b", "Vũ Quốc Phúc", "2004-03-12", "092204001112"),
            None,
        ),
        (
            _row("a", "Vũ Quốc Phúc", "2004-03-12", "092204001111"),
            _row("b", "Vũ Quốc Phúc", "2004-03-12", "092204005678"),
            "cccd",
        ),
        (
            _row("a", "Vũ Quốc Phúc", "2004-03-12", "271234567"),
            _row("b", "Vũ Quốc Phúc", "2005-03-12", "279876543"),
            "cmnd",
        ),
        # A CMND is reused within households: the same given name and full birth date
        # outweigh another CMND (not another CCCD, above).
        (
            _row("a", "Vũ Quốc Phúc", "2004-03-12", "271234567"),
            _row("b", "Vũ Quốc Phúc", "2004-03-12", "279876543"),
            None,
        ),
        # Given names: spelling variants pass, other names do not.
        (
            _row("a", "Nguyễn Thị Thủy", "1990-05-01"),
            _row("b", "Nguyen Thi Thuy", "1990-05-01"),
            None,
        ),
        (
            _row("a", "Nguyễn Thị Thủy", "1990-05-01"),
            _row("b", "Nguyễn Thị Thuỷ", "1990-05-01"),
            None,
        ),
        (
            _row("a", "Nguyễn Văn Hùng", "1990-05-01"),
            _row("b", "Nguyễn Văn Hùg", "1990-05-01"),
            None,
        ),
        (_row("a", "Lê Ngọc Hân", "2010-12-26"), _row("b", "Lê Ngọc Thư", "2010-12-26"), "given"),
        # Full birth dates: a day off or day/month swapped pass; another year does not.
        (_row("a", "Lê Ngọc Hân", "2010-12-26"), _row("b", "Lê Ngọc Hân", "2010-12-25"), None),
        (_row("a", "Lê Ngọc Hân", "2010-05-07"), _row("b", "Lê Ngọc Hân", "2010-07-05"), None),
        (_row("a", "Lê Ngọc Hân", "2010-12-26"), _row("b", "Lê Yến Hân", "2015-07-26"), "birth"),
        (_row("a", "Lê Ngọc Hân", "2010-12-26"), _row("b", "Lê Ngọc Hân", "2010-11-26"), None),
        (_row("a", "Lê Ngọc Hân", "2010-12-26"), _row("b", "Lê Ngọc Hân", "2011-12-26"), None),
        (_row("a", "Lê Ngọc Hân", "2010-12-26"), _row("b", "Lê Ngọc Hân", "2010-03-05"), "birth"),
        # A year alone says nothing certain.
        (_row("a", "Lê Ngọc Hân", "2010-12-26"), _row("b", "Lê Ngọc Hân", "2015"), None),
    ],
)
def test_conflict_rules(left, right, why):
    assert conflict(_evidence(left), _evidence(right)) == why


def test_component_evidence_accumulates():
    """A component holding a CCCD conflicts with another CCCD even via a record without one."""
    a = _evidence(_row("a", "Vũ Quốc Phúc", "2004-03-12", "092204001111"),
                  _row("a2", "Vu Quoc Phuc", "2004"))  # fmt: skip
    b = _evidence(_row("b", "Vũ Quốc Phúc", "2004-03-12", "092204005678"))
    assert conflict(a, b) == "cccd"
