"""`congan import cases FILE`: all or nothing, rejects by row and field, units by the record's era."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from congan.cases.importers import CaseImporter
from congan.cases.models import Case, ClearanceType, CrimeGroup, Status
from congan.importing import run_import
from tests.cases.importfiles import write_csv

HEADER = ["case_id", "unit_code", "detected_on", "article", "severity", "category", "cleared_on"]
GOOD = ["HS-2024-001", "31120", "2024-03-02", "173", "it_nghiem_trong", "theft", "2024-03-20"]

pytestmark = pytest.mark.django_db


def _import(tmp_path, rows, header=HEADER):
    return run_import(CaseImporter(), write_csv(tmp_path / "cases.csv", header, rows))


def test_good_file_is_stored_with_the_unit_of_its_era(tmp_path):
    result = _import(tmp_path, [
        GOOD,
        ["HS-2025-001", "31135", "2025-08-01", "251", "rat_nghiem_trong", "drugs", ""],
        ["HS-2024-002", "31135", "2024-08-01", "173, 174", "nghiem_trong", "fraud", ""],
    ])
    assert result.ok and result.stored == 3
    cleared = Case.objects.get(case_number="HS-2024-001")
    assert (cleared.unit.name, cleared.unit.era) == ("Phường An Hòa", "legacy")
    assert cleared.status == Status.CLEARED and cleared.clearance_type == ClearanceType.OFFENDER_IDENTIFIED
    assert cleared.clearing_unit == cleared.unit
    # 31135 was Phường Tân An before the reform and is Phường Ninh Kiều after it.
    assert Case.objects.get(case_number="HS-2024-002").unit.name == "Phường Tân An"
    new = Case.objects.get(case_number="HS-2025-001")
    assert (new.unit.name, new.unit.era, new.crime_group) == ("Phường Ninh Kiều", "2025", CrimeGroup.DRUGS)
    assert new.cleared_on is None and new.status == Status.DETECTED


@pytest.mark.parametrize(("row", "field", "reason"), [
    (["HS-X", "99999", "2024-03-02", "173", "it_nghiem_trong", "theft", ""], "unit_code",
     "unknown unit code for legacy"),
    (["HS-X", "31120", "2024-03-02", "173", "very_bad", "theft", ""], "severity", "unknown value"),
    (["HS-X", "31120", "2024-03-02", "173", "it_nghiem_trong", "arson", ""], "category", "unknown value"),
    (["HS-X", "31120", "2024-03-02", "173", "it_nghiem_trong", "theft", "2024-03-01"], "cleared_on",
     "before the date the case was detected (02/03/2024)"),
    (["HS-X", "31120", "02/03/2024", "173", "it_nghiem_trong", "theft", ""], "detected_on", "not a date"),
    # Xuân Khánh (31144) was merged away on 1 July 2025: its code is no 2025 unit.
    (["HS-X", "31144", "2025-07-01", "173", "it_nghiem_trong", "theft", ""], "unit_code",
     "unknown unit code for 2025"),
    # a district code is a legacy unit only
    (["HS-X", "916", "2025-09-01", "173", "it_nghiem_trong", "theft", ""], "unit_code",
     "unknown unit code for 2025"),
])
def test_a_bad_row_rejects_the_whole_file(tmp_path, row, field, reason):
    result = _import(tmp_path, [GOOD, row])
    assert not result.ok and result.stored == 0
    assert [(r.row, r.field) for r in result.rejects] == [(3, field)]
    assert reason in result.rejects[0].reason
    assert not Case.objects.exists()


def test_pre_2025_codes_are_accepted_for_old_dates(tmp_path):
    result = _import(tmp_path, [
        ["HS-1", "31144", "2025-06-30", "173", "it_nghiem_trong", "theft", ""],  # last day of the old structure
        ["HS-2", "916", "2023-12-20", "174", "nghiem_trong", "fraud", ""],  # the district police itself
    ])
    assert result.ok, result.rejects
    assert Case.objects.get(case_number="HS-1").unit.name == "Phường Xuân Khánh"


def test_a_case_already_stored_is_refused(tmp_path):
    assert _import(tmp_path, [GOOD]).ok
    result = _import(tmp_path, [GOOD])
    assert [(r.field, r.reason) for r in result.rejects] == [("case_id", "already stored")]
    assert Case.objects.count() == 1


def test_command_lists_rejects_and_exits_1(tmp_path, capsys):
    path = write_csv(tmp_path / "cases.csv", HEADER, [GOOD, ["HS-9", "31120", "2024-05-01", "173", "x", "theft", ""]])
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "cases", path, "--no-progress")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "row 3, field 'severity'" in err and "nothing stored" in err
    assert not Case.objects.exists()


def test_optional_columns_say_how_and_by_whom_a_case_was_cleared(tmp_path):
    header = [*HEADER, "clearance_type", "clearing_unit_code"]
    result = _import(tmp_path, [
        ["HS-7", "31120", "2025-05-02", "123", "dac_biet_nghiem_trong", "murder", "2025-07-03",
         "exceptional", "31135"],
    ], header=header)
    assert result.ok, result.rejects
    case = Case.objects.get()
    assert case.clearance_type == ClearanceType.EXCEPTIONAL
    assert (case.clearing_unit.name, case.clearing_unit.era) == ("Phường Ninh Kiều", "2025")


@pytest.mark.parametrize(("name", "content", "says"), [
    ("absent.csv", None, "no such file"),
    ("cases.txt", "case_id\n", "expected a .csv or .xlsx file"),
    ("cases.csv", "case_id;unit_code;detected_on\nHS-1;31120;2024-01-01\n", "separated by semicolons"),
])
def test_a_file_the_command_cannot_read_exits_2_and_stores_nothing(tmp_path, capsys, name, content, says):
    """DESIGN.md: 1 is for rejected rows, 2 for a command that could not run (an unreadable file)."""
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    try:
        call_command("import", "cases", str(path), "--no-progress")
    except SystemExit as exc:
        code, message = exc.code, capsys.readouterr().err
    except CommandError as exc:
        code, message = exc.returncode, str(exc)
    assert code == 2 and says in message
    assert not Case.objects.exists()
