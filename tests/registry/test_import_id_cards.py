"""`congan import id_cards FILE`: the steps of chip-based ID-card applications from a file,
checked against the workflow, all or nothing; the collection rate then comes from these records."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command

from congan.org import jurisdiction
from congan.registry import services
from congan.registry.models import IdCardApplication, IdCardStep
from tests.org.factories import unit
from tests.registry.factories import PersonFactory

HEADER = ["application_id", "record_id", "step", "on", "unit_code"]


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _import(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "id_cards", str(path), "--no-progress", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def _stored():
    return (IdCardApplication.objects.count(), IdCardStep.objects.count())


@pytest.fixture
def people(db):
    def p(name, born=None, **fields):
        return PersonFactory(unit_code="31120", full_name=name, date_of_birth=born, id_number="", **fields)
    return {
        "A": p("A", date(2010, 12, 14)), "D": p("D", birth_year=1990), "G": p("G", date(1975, 1, 1)),
        "H": p("H", date(1975, 1, 1)), "I": p("I", date(1960, 1, 1)), "N": p("N never applied", date(1980, 1, 1)),
    }


def _good_rows(pp):
    return [
        ["HS-A", pp["A"].record_id, "collected", "2024-12-10", "31120"],
        ["HS-D", pp["D"].record_id, "collected", "2021-04-01", "31120"],
        ["HS-D", pp["D"].record_id, "sent_for_production", "2021-04-05", "31120"],
        ["HS-D", pp["D"].record_id, "produced", "2021-05-01", "31120"],
        ["HS-D", pp["D"].record_id, "handed_over", "2021-05-20", "31120"],
        ["HS-G", pp["G"].record_id, "collected", "2024-06-01", "31120"],
        ["HS-G", pp["G"].record_id, "rejected", "2024-07-01", "31120"],
        ["HS-H", pp["H"].record_id, "collected", "2024-06-01", "31120"],
        ["HS-H", pp["H"].record_id, "rejected", "2024-07-01", "31120"],
        ["HS-H", pp["H"].record_id, "recollected", "2024-08-01", "31120"],
        ["HS-I", pp["I"].record_id, "collected", "2025-08-01", "31135"],  # Phường Ninh Kiều (2025) after 1/7/2025
    ]


def test_a_good_file_gives_the_collection_rate_from_records(people, tmp_path):
    code, out, err = _import(_csv(tmp_path / "cards.csv", _good_rows(people)))
    assert code == 0, err
    assert "imported 11 id_cards records" in out
    assert _stored() == (5, 11)
    d = IdCardApplication.objects.get(code="HS-D")
    assert (d.person, d.status, d.collected_on) == (people["D"], "handed_over", date(2021, 4, 1))
    assert IdCardApplication.objects.get(code="HS-I").unit.era == "2025"
    ward = jurisdiction.unit_ids(unit("31120", "legacy", "ward").id)
    # Eligible at 14/12/2024: A D G H I N (6); counted: A D H (G rejected, I applied later).
    assert services.id_card_collection(unit_ids=ward, end=date(2024, 12, 14)) == {
        "eligible": 6, "applications": 3, "collection_rate": 0.5}


def test_importing_again_duplicates_nothing_and_appends_new_steps(people, tmp_path):
    rows = _good_rows(people)
    assert _import(_csv(tmp_path / "a.csv", rows))[0] == 0
    code, out, _err = _import(_csv(tmp_path / "b.csv", rows + [
        ["HS-H", people["H"].record_id, "sent_for_production", "2024-08-02", "31120"]]))
    assert code == 0 and "imported 1 id_cards records" in out
    assert _stored() == (5, 12)
    assert IdCardApplication.objects.get(code="HS-H").status == "sent_for_production"


@pytest.mark.parametrize("row, field, reason", [
    (["HS-X", "R-NOBODY", "collected", "2024-01-01", "31120"], "record_id", "no resident has this record_id"),
    (["HS-X", "{A}", "produced", "2024-01-01", "31120"], "step", "cannot follow the start"),
    (["HS-X", "{A}", "collected", "2099-01-01", "31120"], "on", "a date after today"),
    (["HS-X", "{A}", "collected", "2010-01-01", "31120"], "on", "before 2016-01-01"),
    (["HS-X", "{A}", "printed", "2024-01-01", "31120"], "step", "unknown value"),
    (["HS-X", "{A}", "collected", "2024-01-01", "99999"], "unit_code", "99999"),
    (["HS-X", "{A}", "collected", "14/01/2024", "31120"], "on", "yyyy-mm-dd"),
    (["HS-D", "{A}", "collected", "2024-01-01", "31120"], "record_id", "belongs to resident"),
    (["HS-D", "{D}", "sent_for_production", "2021-03-01", "31120"], "step", "cannot follow handed_over"),
    (["H" * 41, "{A}", "collected", "2024-01-01", "31120"], "application_id", "longer than 40"),
])
def test_a_bad_row_names_row_field_and_reason_and_stores_nothing(people, tmp_path, row, field, reason):
    good = _good_rows(people)
    row = [v.format(A=people["A"].record_id, D=people["D"].record_id) for v in row]
    before = _stored()
    code, _out, err = _import(_csv(tmp_path / "bad.csv", [*good, row]))
    assert code == 1
    line = next(line for line in err.splitlines() if line.strip().startswith("row "))
    assert f"row {len(good) + 2}, field '{field}'" in line and reason in line, err
    assert _stored() == before


def test_a_step_dated_before_the_previous_one_is_refused(people, tmp_path):
    code, _out, err = _import(_csv(tmp_path / "back.csv", [
        ["HS-Z", people["N"].record_id, "collected", "2024-05-01", "31120"],
        ["HS-Z", people["N"].record_id, "sent_for_production", "2024-04-01", "31120"],
    ]))
    assert code == 1 and "row 3, field 'on'" in err and "before the application's previous step (2024-05-01)" in err
    assert _stored() == (0, 0)
