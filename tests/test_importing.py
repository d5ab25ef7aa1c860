"""The import framework every register uses, through the real case importer: .xlsx files,
NFC storage, whole-file errors, and rows numbered as the clerk sees them in the file."""

import unicodedata
from datetime import date

import pytest
from openpyxl import Workbook

from congan.cases.importers import CaseImporter
from congan.cases.models import Case
from congan.importing import ImportFileError, read_rows, run_import

pytestmark = pytest.mark.django_db
HEADER = ["case_id", "unit_code", "detected_on", "article", "severity", "category", "cleared_on"]


def _xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER + ["ghi_chu"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_file_with_real_dates_and_numbers_imports(tmp_path):
    path = _xlsx(tmp_path / "cases.xlsx", [
        ["HS-1", 31120, date(2024, 3, 2), 173, "it_nghiem_trong", "theft", date(2024, 3, 20), "extra column"],
        [None] * 8,  # a blank line between blocks, as spreadsheets have
        ["HS-2", "31135", "2025-08-01", "251", "rat_nghiem_trong", "drugs", None, ""],
    ])
    result = run_import(CaseImporter(), path)
    assert result.ok, result.rejects
    assert result.stored == 2
    first = Case.objects.get(case_number="HS-1")
    assert (first.unit.code, first.detected_on, first.cleared_on) == ("31120", date(2024, 3, 2), date(2024, 3, 20))


def test_rejects_in_an_xlsx_name_the_spreadsheet_row(tmp_path):
    path = _xlsx(tmp_path / "cases.xlsx", [
        ["HS-1", "31120", "2024-03-02", "173", "it_nghiem_trong", "theft", None, ""],
        ["HS-2", "31120", "2024-03-02", "173", "it_nghiem_trong", "theft", "2024-01-01", ""],
    ])
    result = run_import(CaseImporter(), path)
    assert not result.ok
    assert [(r.row, r.field) for r in result.rejects] == [(3, "cleared_on")]
    assert not Case.objects.exists()


def test_decomposed_text_is_read_composed_with_a_byte_order_mark(tmp_path):
    nfd = unicodedata.normalize("NFD", "Phường An Hòa")
    assert nfd != "Phường An Hòa"
    path = tmp_path / "rows.csv"
    path.write_text(f"\ufeffTen, Ghi chu\n{nfd}, x\n", encoding="utf-8")  # Excel's "CSV UTF-8"
    rows = list(read_rows(path, ["ten"]))
    assert rows == [(2, {"ten": "Phường An Hòa", "ghi chu": "x"})]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("cases.csv", "case_id,unit_code\nHS-1,31120\n", "missing column(s) detected_on"),
    ("cases.txt", "case_id\n", "expected a .csv or .xlsx file"),
    ("cases.csv", "", "the file is empty"),
    ("cases.xlsx", "not a workbook", "not a readable .xlsx workbook"),
])
def test_a_file_that_cannot_be_read_is_refused_whole(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_import(CaseImporter(), path)
    assert not Case.objects.exists()
