"""`congan report` per DESIGN.md: the unit code read in the structure valid at the period's end."""

import io
import json
from contextlib import redirect_stdout

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook


def _json(*args) -> dict:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return json.loads(out.getvalue())


def test_json_for_the_city_police_year(city_records):
    data = _json("--year", "2025", "--unit", "92", "--format", "json")
    assert data["unit"] == "92"
    assert data["period"] == {"start": "2024-12-15", "end": "2025-12-14"}
    assert (data["crime"]["detected"], data["crime"]["cleared"]) == (4, 2)
    assert data["built"]["unit"]["era"] == "2025"


def test_half_year_and_calendar_periods(city_records):
    half = _json("--year", "2025", "--half", "1", "--unit", "92", "--format", "json")
    assert half["period"] == {"start": "2024-12-15", "end": "2025-06-14"}
    assert half["crime"]["detected"] == 2  # 15/12/2024 and 1/3/2025
    assert half["built"]["unit"]["era"] == "legacy"  # the period ends before 1 July 2025
    cal = _json("--year", "2025", "--calendar", "--unit", "92", "--format", "json")
    assert cal["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert cal["crime"]["detected"] == 4  # 1/3, 1/8, 14/12 and 15/12/2025


def test_a_ward_code_means_the_ward_of_the_era_at_the_period_end(city_records):
    new = _json("--year", "2025", "--unit", "31135", "--format", "json")
    assert new["built"]["unit"]["name"] == "Phường Ninh Kiều" and new["crime"]["detected"] == 2
    old = _json("--year", "2024", "--unit", "31135", "--format", "json")
    assert old["built"]["unit"]["name"] == "Phường Tân An"


def test_word_and_excel_files(city_records, tmp_path):
    call_command("report", "--year", "2025", "--unit", "92", "--format", "docx", "-o", str(tmp_path / "r.docx"),
                 stderr=io.StringIO())
    doc = Document(str(tmp_path / "r.docx"))
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]
    call_command("report", "--year", "2025", "--unit", "92", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"),
                 stderr=io.StringIO())
    assert load_workbook(str(tmp_path / "r.xlsx")).worksheets[0]["B4"].value == 4


def test_html_to_standard_output(city_records):
    out = io.StringIO()
    with redirect_stdout(out):
        call_command("report", "--year", "2025", "--unit", "92", "--format", "html", stdout=out)
    assert out.getvalue().startswith("<!doctype html>") and "<svg" in out.getvalue()


def test_an_unknown_unit_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("report", "--year", "2025", "--unit", "99999", "--format", "json", stdout=io.StringIO())
