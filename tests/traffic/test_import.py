"""`congan import traffic FILE`: counts only; severity from the counts; all or nothing."""

from __future__ import annotations

import pytest

from congan.importing import run_import
from congan.traffic.importers import AccidentImporter
from congan.traffic.models import Accident, AccidentSeverity
from tests.cases.importfiles import write_csv

HEADER = ["accident_id", "unit_code", "occurred_on", "deaths", "injuries"]

pytestmark = pytest.mark.django_db


def _import(tmp_path, rows, header=HEADER):
    return run_import(AccidentImporter(), write_csv(tmp_path / "traffic.csv", header, rows))


def test_good_file_is_stored_with_severity_from_the_counts(tmp_path):
    result = _import(tmp_path, [
        ["TN-1", "31120", "2024-02-10", "1", "2"],
        ["TN-2", "31135", "2025-10-10", "0", "1"],
        ["TN-3", "31135", "2025-10-11", "0", "0"],
    ])
    assert result.ok and result.stored == 3
    got = {a.accident_number: (a.unit.name, a.severity) for a in Accident.objects.select_related("unit")}
    assert got == {
        "TN-1": ("Phường An Hòa", AccidentSeverity.FATAL),
        "TN-2": ("Phường Ninh Kiều", AccidentSeverity.SERIOUS),
        "TN-3": ("Phường Ninh Kiều", AccidentSeverity.DAMAGE_ONLY),
    }


@pytest.mark.parametrize(("row", "field", "reason"), [
    (["TN-X", "31120", "2024-02-10", "-1", "0"], "deaths", "must be at least 0"),
    (["TN-X", "31120", "2024-02-10", "0", "two"], "injuries", "not a whole number"),
    (["TN-X", "00000", "2024-02-10", "0", "1"], "unit_code", "unknown unit code for legacy"),
    (["TN-X", "31123", "2026-01-10", "0", "1"], "unit_code", "unknown unit code for 2025"),
    (["", "31120", "2024-02-10", "0", "1"], "accident_id", "required"),
    (["TN-1", "31120", "2024-02-10", "0", "1"], "accident_id", "duplicate of row 2"),
])
def test_a_bad_row_rejects_the_whole_file(tmp_path, row, field, reason):
    result = _import(tmp_path, [["TN-1", "31120", "2024-02-10", "1", "0"], row])
    assert result.stored == 0
    assert [(r.row, r.field) for r in result.rejects] == [(3, field)]
    assert reason in result.rejects[0].reason
    assert not Accident.objects.exists()


def test_pre_2025_codes_are_accepted_for_old_dates(tmp_path):
    assert _import(tmp_path, [["TN-1", "31123", "2023-12-15", "0", "1"]]).ok
    assert Accident.objects.get().unit.name == "Phường Thới Bình"


def test_optional_columns(tmp_path):
    header = [*HEADER, "occurred_at", "road", "cause"]
    assert _import(tmp_path, [["TN-1", "31120", "2024-02-10", "0", "1", "21:30", "QL91", "alcohol"]], header).ok
    accident = Accident.objects.get()
    assert (accident.occurred_at.hour, accident.road, accident.cause) == (21, "QL91", "alcohol")
    result = _import(tmp_path, [["TN-2", "31120", "2024-02-10", "0", "1", "25:00", "", "fate"]], header)
    assert [r.field for r in result.rejects] == ["occurred_at"]
