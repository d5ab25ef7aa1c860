"""The import framework's own words on a job's page: a file refused as a whole (empty, a column
missing or twice, another encoding or delimiter, an unclosed quote, several sheets, not a workbook)
and a row it cannot read (more values than columns, a formula without its value, a duplicate) read
in the language the clerk was reading when they uploaded it: Vietnamese by default, naming the row
and the column in words, with no English word and no raw code; the command line keeps its English
(DESIGN.md), word for word, from the same messages."""

from __future__ import annotations

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from congan.cases.models import Case
from congan.org.models import Job, JobStatus
from tests.test_all_pages_vietnamese import problems_in

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits, as in its world

HEADER = "case_id,unit_code,detected_on,article,severity,category,cleared_on"
GOOD = "HS-M-{n},31120,2024-03-02,173,it_nghiem_trong,theft,"


@pytest.fixture(autouse=True)
def _units_and_accounts(base_data_reloaded):
    """Units and the demo's accounts, reloaded after an earlier test's flush."""


@pytest.fixture(autouse=True)
def _private_jobs_dir(settings, tmp_path):
    settings.CONGAN_JOBS_DIR = tmp_path / "jobs"


def _workbook(*sheets: list[list]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for i, rows in enumerate(sheets, start=1):
        sheet = book.create_sheet(f"Quý {i}")
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CASE_ROW = ["HS-M-1", "31120", "2024-03-02", "173", "it_nghiem_trong", "theft", ""]

#: (file name, content, sheet, the page's words (Vietnamese), the command line's (English)).
FILES_REFUSED = [
    ("rong.xlsx", _workbook([]), "", "rong.xlsx: tệp không có dữ liệu", "rong.xlsx: the file is empty"),
    ("thieu-cot.csv", b"case_id,unit_code\nHS-1,31120\n", "",
     "dòng tiêu đề thiếu cột ngày phát hiện, điều của Bộ luật Hình sự, mức độ, loại tội phạm, ngày làm rõ",
     "missing column(s) detected_on, article, severity, category, cleared_on in the header row"),
    ("cham-phay.csv", b"case_id;unit_code;detected_on\nHS-1;31120;2024-01-01\n", "",
     "các cột có vẻ được phân cách bằng dấu chấm phẩy",
     "(the columns seem separated by semicolons: save the file as CSV UTF-8, comma-delimited)"),
    ("cot-trung.csv", f"{HEADER},case_id\n{GOOD.format(n=1)},HS-9\n".encode(), "",
     "cột số vụ án xuất hiện hai lần ở dòng tiêu đề (cột thứ 1 và thứ 8)",
     "column 'case_id' appears twice in the header row (columns 1 and 8); keep one"),
    ("utf16.csv", f"{HEADER}\n{GOOD.format(n=1)}\n".encode("utf-16"), "",
     "tệp được mã hóa UTF-16", "the file is UTF-16 text; save it as CSV UTF-8"),
    ("latin1.csv", f"{HEADER}\n{GOOD.format(n=1)}\nHS-M-2,31120,2024-03-02,173,it_nghiem_trong,theft,Lê\n"
     .encode("latin-1"), "", "dòng 3 không phải văn bản UTF-8",
     "not UTF-8 text on line 3 (byte 0xea at column 52); save the file as CSV UTF-8"),
    ("ngoac.csv", f'{HEADER}\n{GOOD.format(n=1)}\n"HS-M-2,31120\n'.encode(), "",
     "giá trị mở ngoặc kép ở dòng 3 không được đóng ngoặc",
     "a quoted value opened on line 3 is never closed"),
    ("hai-trang.xlsx", _workbook([HEADER.split(","), CASE_ROW], [HEADER.split(","), CASE_ROW]), "",
     "có dữ liệu trên nhiều trang tính (Quý 1, Quý 2)",
     "data on several sheets (Quý 1, Quý 2); keep one sheet or name it with --sheet"),
    ("hong.xlsx", b"not a workbook", "", "không đọc được tệp này như một sổ tính .xlsx",
     "hong.xlsx: not a readable .xlsx workbook"),
    ("mot-trang.xlsx", _workbook([HEADER.split(","), CASE_ROW]), "Quý 3",
     "không có trang tính tên 'Quý 3'; các trang tính hiện có: Quý 1",
     "no sheet named 'Quý 3'; the sheets are Quý 1"),
]


def _formula_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(CASE_ROW)
    sheet.append(["HS-M-2", "31120", "2024-03-02", "=170+3", "it_nghiem_trong", "theft", ""])
    out = io.BytesIO()
    book.save(out)  # openpyxl stores the formula without its computed value, as a script would
    return out.getvalue()


#: (file name, content, row, column in words, the reason on the page, on the command line).
ROWS_REFUSED = [
    ("thua-cot.csv", f"{HEADER}\n{GOOD.format(n=1)}\n{GOOD.format(n=2)},Quận Ninh Kiều\n".encode(), 3,
     "cả dòng", "dòng có 8 giá trị nhưng dòng tiêu đề chỉ có 7 cột",
     "8 values but the header names 7 columns (a delimiter inside an unquoted value?)"),
    ("cong-thuc.xlsx", _formula_workbook(), 3, "điều của Bộ luật Hình sự",
     "ô có công thức nhưng chưa có giá trị đã tính",
     "a formula without its computed value: open the file in Excel or LibreOffice and save it again"),
    ("trung.csv", f"{HEADER}\n{GOOD.format(n=1)}\n{GOOD.format(n=1)}\n".encode(), 3, "số vụ án",
     "trùng với dòng 2", "duplicate of row 2"),
]


def _upload(client, name: str, content: bytes, sheet: str = "") -> Job:
    answer = client.post("/project/import/", {"register": "cases", "sheet": sheet,
                                              "file": SimpleUploadedFile(name, content)})
    assert answer.status_code == 302, answer.content[:500]
    return Job.objects.latest("id")


def _command_line(tmp_path, name: str, content: bytes, capsys, sheet: str = "") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SystemExit):
        call_command("import", "cases", str(path), "--no-progress", *(["--sheet", sheet] if sheet else []))
    return capsys.readouterr().err


def test_a_refused_file_reads_in_vietnamese_on_its_page_and_in_english_on_the_command_line(
        client_for, anhoa, tmp_path, capsys):
    client = client_for(anhoa)
    jobs = [(_upload(client, name, content, sheet), page_words) for name, content, sheet, page_words, _ in FILES_REFUSED]
    call_command("worker", "--batch", verbosity=0)
    wrong = []
    for (job, page_words), (name, *_rest) in zip(jobs, FILES_REFUSED, strict=True):
        job.refresh_from_db()
        page = html.unescape(client.get(f"/org/jobs/{job.pk}/").content.decode())
        if not (job.status == JobStatus.FAILED and job.error.startswith(f"{name}: ") and page_words in job.error
                and page_words in page and not problems_in(page)):
            wrong.append((name, job.status, job.error, problems_in(page)))
    assert wrong == []
    assert not Case.objects.filter(case_number__startswith="HS-M").exists()

    for name, content, sheet, _page_words, english in FILES_REFUSED:
        err = _command_line(tmp_path, name, content, capsys, sheet)
        if not (err.startswith(f"rejected: {name}: ") and english in err):
            wrong.append(err)
    assert wrong == []


def test_a_row_the_framework_cannot_read_is_named_in_vietnamese_on_its_page(client_for, anhoa, tmp_path, capsys):
    client = client_for(anhoa)
    jobs = [_upload(client, name, content) for name, content, *_ in ROWS_REFUSED]
    call_command("worker", "--batch", verbosity=0)
    wrong = []
    for job, (name, _content, row, column, reason, _english) in zip(jobs, ROWS_REFUSED, strict=True):
        job.refresh_from_db()
        page = html.unescape(client.get(f"/org/jobs/{job.pk}/").content.decode())
        if not ((job.status, job.stored, job.reject_count) == (JobStatus.FINISHED, 0, 1)
                and (job.rejects[0]["row"], job.rejects[0]["field"]) == (row, column)
                and job.rejects[0]["reason"].startswith(reason) and reason in page and not problems_in(page)):
            wrong.append((name, job.status, job.error, job.rejects, problems_in(page)))
    assert wrong == []
    assert not Case.objects.filter(case_number__startswith="HS-M").exists()

    for name, content, row, _column, _reason, english in ROWS_REFUSED:
        err = _command_line(tmp_path, name, content, capsys)
        if not (f"row {row}, field " in err and english in err):
            wrong.append(err)
    assert wrong == []


def test_a_clerk_reading_in_english_gets_the_jobs_words_in_english(client_for, anhoa):
    client = client_for(anhoa)
    client.cookies["django_language"] = "en"
    job = _upload(client, "thieu-cot.csv", b"case_id,unit_code\nHS-1,31120\n")
    other = _upload(client, "trung.csv", f"{HEADER}\n{GOOD.format(n=1)}\n{GOOD.format(n=1)}\n".encode())
    call_command("worker", "--batch", verbosity=0)
    job.refresh_from_db()
    other.refresh_from_db()
    assert job.error == ("thieu-cot.csv: missing column(s) date detected, article of the Penal Code, severity, "
                         "kind of crime, date cleared up in the header row"), job.error
    assert other.rejects[0] == {"row": 3, "field": "case number", "value": "HS-M-1", "reason": "duplicate of row 2"}
