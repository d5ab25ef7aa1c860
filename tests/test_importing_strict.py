"""Files read strictly: what a careless export does to a file is refused with the line and the
reason, never guessed (duplicate headers, extra values, another delimiter or encoding, a bad byte,
an unclosed quote, several sheets, formulas without values); nothing is stored."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from congan.cases.importers import CaseImporter
from congan.cases.models import Case
from congan.importing import ImportFileError, run_import

pytestmark = pytest.mark.django_db
HEADER = "case_id,unit_code,detected_on,article,severity,category,cleared_on"
GOOD = "HS-{n},31120,2024-03-02,173,it_nghiem_trong,theft,"


def _csv(tmp_path, text: str, name="cases.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _refused(path, message, **kwargs):
    with pytest.raises(ImportFileError) as info:
        run_import(CaseImporter(), path, **kwargs)
    assert message in str(info.value), str(info.value)
    assert not Case.objects.exists()
    return str(info.value)


def test_a_duplicate_header_is_refused(tmp_path):
    _refused(_csv(tmp_path, f"{HEADER},case_id\n{GOOD.format(n=1)},HS-9\n"),
             "column 'case_id' appears twice in the header row (columns 1 and 8)")


def test_a_row_with_more_values_than_columns_is_a_reject_naming_its_row(tmp_path):
    path = _csv(tmp_path, f"{HEADER}\n{GOOD.format(n=1)}\n{GOOD.format(n=2)},Quận Ninh Kiều\n")
    result = run_import(CaseImporter(), path)
    assert [(r.row, r.value) for r in result.rejects] == [(3, "Quận Ninh Kiều")]
    assert "8 values but the header names 7 columns" in result.rejects[0].reason
    assert not Case.objects.exists()


@pytest.mark.parametrize("delimiter, name", [(";", "semicolons"), ("\t", "tabs")])
def test_another_delimiter_is_named(tmp_path, delimiter, name):
    text = HEADER.replace(",", delimiter) + "\n" + GOOD.format(n=1).replace(",", delimiter) + "\n"
    _refused(_csv(tmp_path, text), f"the columns seem separated by {name}")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])  # with and without the byte order mark
def test_utf16_is_named(tmp_path, encoding):
    _refused(_csv(tmp_path, f"{HEADER}\n{GOOD.format(n=1)}\n", encoding=encoding), "the file is UTF-16 text")


def test_a_bad_byte_is_reported_on_its_true_line(tmp_path):
    lines = [HEADER] + [GOOD.format(n=n) for n in range(1, 6001)]
    path = tmp_path / "cases.csv"
    latin1 = "HS-X,31120,2024-03-02,173,it_nghiem_trong,theft,Hòa\n".encode("latin-1")  # "ò" as 0xf2
    path.write_bytes(("\n".join(lines) + "\n").encode() + latin1 + GOOD.format(n=9999).encode() + b"\n")
    message = _refused(path, "not UTF-8 text on line 6002")
    assert "byte 0x" in message


def test_an_unclosed_quote_is_named_at_its_opening_line(tmp_path):
    text = f'{HEADER}\n{GOOD.format(n=1)}\nHS-2,31120,2024-03-02,173,it_nghiem_trong,"theft,\n' + \
           "\n".join(GOOD.format(n=n) for n in range(3, 10)) + "\n"
    _refused(_csv(tmp_path, text), "a quoted value opened on line 3 is never closed")


def _book(path, sheets: dict):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ROW = ["HS-1", "31120", "2024-03-02", "173", "it_nghiem_trong", "theft", None]


def test_data_on_two_sheets_is_refused_unless_one_is_named(tmp_path):
    path = _book(tmp_path / "cases.xlsx", {"Quý 1": [HEADER.split(","), ROW],
                                           "Quý 2": [HEADER.split(","), ["HS-2", *ROW[1:]]]})
    _refused(path, "data on several sheets (Quý 1, Quý 2); keep one sheet or name it with --sheet")
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "cases", str(path), "--sheet", "Quý 2", "--no-progress", stdout=out, stderr=err)
    assert list(Case.objects.values_list("case_number", flat=True)) == ["HS-2"]
    with pytest.raises(ImportFileError, match="no sheet named 'Quý 3'"):
        run_import(CaseImporter(), path, sheet="Quý 3")


def test_an_empty_second_sheet_does_not_matter(tmp_path):
    path = _book(tmp_path / "cases.xlsx", {"Dữ liệu": [HEADER.split(","), ROW], "Ghi chú": []})
    assert run_import(CaseImporter(), path).stored == 1


def test_a_formula_without_its_value_is_a_reject_naming_row_and_field(tmp_path):
    # openpyxl writes formulas without computing them: the file holds no value for the cell.
    path = _book(tmp_path / "cases.xlsx", {"Dữ liệu": [HEADER.split(","), ROW,
                                                         ["HS-2", "31120", "=C2+1", *ROW[3:]]]})
    result = run_import(CaseImporter(), path)
    assert [(r.row, r.field, r.value) for r in result.rejects] == [(3, "detected_on", "=C2+1")]
    assert "formula without its computed value" in result.rejects[0].reason
    assert not Case.objects.exists()
