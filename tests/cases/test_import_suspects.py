"""`congan import suspects FILE`: suspects of stored cases, all or nothing, dates not before detection."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from congan.cases.importers import SuspectImporter
from congan.cases.models import Suspect
from congan.importing import run_import
from tests.cases.factories import CaseFactory
from tests.cases.importfiles import write_csv

HEADER = ["case_id", "suspect_id", "full_name", "year_of_birth", "arrested_on", "prosecuted_on"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_case():
    return CaseFactory(case_number="HS-2024-001", detected_on=date(2024, 3, 2))


def _import(tmp_path, rows, header=HEADER):
    return run_import(SuspectImporter(), write_csv(tmp_path / "suspects.csv", header, rows))


def test_suspects_are_stored_on_their_case_with_their_dates(tmp_path, stored_case):
    result = _import(tmp_path, [
        ["HS-2024-001", "BC-1", "Nguyễn Văn Tèo", "1990", "2024-03-02", "2024-03-10"],
        ["HS-2024-001", "BC-2", "Trần Thị Lụa", "", "2024-03-05", ""],
        ["HS-2024-001", "BC-3", "Lê Văn Út", "2001", "", ""],  # at large: neither arrested nor prosecuted
    ])
    assert result.ok, result.rejects
    assert result.stored == 3
    first = Suspect.objects.get(suspect_number="BC-1")
    assert first.case == stored_case and first.year_of_birth == 1990
    assert (first.arrested_on, first.prosecuted_on) == (date(2024, 3, 2), date(2024, 3, 10))
    assert Suspect.objects.get(suspect_number="BC-2").prosecuted_on is None
    assert Suspect.objects.get(suspect_number="BC-3").arrested_on is None


def test_names_are_stored_nfc(tmp_path, stored_case):
    decomposed = "Tra\u0302\u0300n Thi\u0323 Lu\u0323a"
    assert _import(tmp_path, [["HS-2024-001", "BC-1", decomposed, "", "", ""]]).ok
    assert Suspect.objects.get().full_name == "Trần Thị Lụa"


@pytest.mark.parametrize(("row", "field", "reason"), [
    (["HS-NONE", "BC-9", "Lê Văn Út", "", "", ""], "case_id", "import the cases first"),
    (["", "BC-9", "Lê Văn Út", "", "", ""], "case_id", "required"),
    (["HS-2024-001", "BC-9", "", "", "", ""], "full_name", "required"),
    (["HS-2024-001", "BC-9", "Lê Văn Út", "199x", "", ""], "year_of_birth", "not a whole number"),
    (["HS-2024-001", "BC-9", "Lê Văn Út", "2990", "", ""], "year_of_birth", "must be between 1880 and 2024"),
    (["HS-2024-001", "BC-9", "Lê Văn Út", "", "2024-03-01", ""], "arrested_on", "before the date the case was detected"),
    (["HS-2024-001", "BC-9", "Lê Văn Út", "", "", "2024-02-01"], "prosecuted_on", "before the date the case was detected"),
    (["HS-2024-001", "BC-9", "Lê Văn Út", "", "05/03/2024", ""], "arrested_on", "not a date"),
    (["HS-2024-001", "BC-1", "Lê Văn Út", "", "", ""], "suspect_id", "duplicate of row 2"),
])
def test_a_bad_row_rejects_the_whole_file(tmp_path, stored_case, row, field, reason):
    good = ["HS-2024-001", "BC-1", "Trần Thị Lụa", "1988", "2024-03-02", ""]
    result = _import(tmp_path, [good, row])
    assert not result.ok and result.stored == 0
    assert [(r.row, r.field) for r in result.rejects] == [(3, field)]
    assert reason in result.rejects[0].reason
    assert not Suspect.objects.exists()


def test_a_suspect_already_stored_is_refused(tmp_path, stored_case):
    row = ["HS-2024-001", "BC-1", "Trần Thị Lụa", "", "", ""]
    assert _import(tmp_path, [row]).ok
    result = _import(tmp_path, [row])
    assert [(r.field, r.reason) for r in result.rejects] == [("suspect_id", "already stored")]
    assert Suspect.objects.count() == 1


def test_a_file_without_the_columns_is_refused_whole(tmp_path, stored_case, capsys):
    path = write_csv(tmp_path / "suspects.csv", ["case_id", "full_name"], [["HS-2024-001", "Lê Văn Út"]])
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "suspects", path, "--no-progress")
    assert exit_.value.code == 2  # the file cannot be read as the register's: DESIGN.md's exit 2
    assert "missing column(s) suspect_id, year_of_birth, arrested_on, prosecuted_on" in capsys.readouterr().err
    assert not Suspect.objects.exists()


def test_command_lists_rejects_and_exits_1(tmp_path, stored_case, capsys):
    path = write_csv(tmp_path / "suspects.csv", HEADER, [
        ["HS-2024-001", "BC-1", "Trần Thị Lụa", "", "", ""],
        ["HS-2099-777", "BC-2", "Lê Văn Út", "", "", ""],
    ])
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "suspects", path, "--no-progress")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "row 3, field 'case_id' ('HS-2099-777')" in err and "nothing stored" in err
    assert not Suspect.objects.exists()
    call_command("import", "suspects", write_csv(tmp_path / "ok.csv", HEADER, [
        ["HS-2024-001", "BC-1", "Trần Thị Lụa", "", "", ""]]), "--no-progress")
    assert Suspect.objects.count() == 1
