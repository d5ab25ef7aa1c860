"""`congan import wanted FILE`: a listing, and its outcome as a dated status change."""

from __future__ import annotations

from datetime import date

import pytest

from congan.campaigns.importers import WantedImporter
from congan.campaigns.models import WantedPerson, WantedStatusChange
from congan.importing import run_import
from tests.cases.importfiles import write_csv

HEADER = ["wanted_id", "unit_code", "listed_on", "status", "status_on"]

pytestmark = pytest.mark.django_db


def _import(tmp_path, rows, header=HEADER):
    return run_import(WantedImporter(), write_csv(tmp_path / "wanted.csv", header, rows))


def test_listing_and_outcome_become_dated_changes(tmp_path):
    result = _import(tmp_path, [
        ["TNA-1", "31120", "2024-01-05", "listed", ""],
        ["TNA-2", "31120", "2024-02-05", "arrested", "2025-09-01"],
        ["TNA-3", "31135", "2025-08-05", "surrendered", "2025-08-20"],
    ])
    assert result.ok and result.stored == 3
    changes = {(c.wanted.wanted_number, c.status, c.on) for c in WantedStatusChange.objects.select_related("wanted")}
    assert changes == {
        ("TNA-1", "listed", date(2024, 1, 5)),
        ("TNA-2", "listed", date(2024, 2, 5)), ("TNA-2", "arrested", date(2025, 9, 1)),
        ("TNA-3", "listed", date(2025, 8, 5)), ("TNA-3", "surrendered", date(2025, 8, 20)),
    }
    assert WantedPerson.objects.get(wanted_number="TNA-1").status_on == date(2024, 1, 5)


@pytest.mark.parametrize(("row", "field", "reason"), [
    (["TNA-X", "31120", "2024-02-05", "caught", "2024-03-01"], "status", "unknown value"),
    (["TNA-X", "31120", "2024-02-05", "arrested", ""], "status_on", "required"),
    (["TNA-X", "31120", "2024-02-05", "arrested", "2024-02-04"], "status_on", "cannot be before listed on (05/02/2024)"),
    (["TNA-X", "31149", "2025-07-05", "listed", ""], "unit_code", "unknown unit code for 2025"),
])
def test_a_bad_row_rejects_the_whole_file(tmp_path, row, field, reason):
    result = _import(tmp_path, [["TNA-1", "31120", "2024-01-05", "listed", ""], row])
    assert result.stored == 0
    assert [(r.row, r.field) for r in result.rejects] == [(3, field)]
    assert reason in result.rejects[0].reason
    assert not WantedPerson.objects.exists() and not WantedStatusChange.objects.exists()


def test_optional_columns(tmp_path):
    header = [*HEADER, "decision_number", "full_name", "offence", "wanted_type", "dangerous"]
    assert _import(tmp_path, [["TNA-1", "31120", "2024-01-05", "listed", "", "12/QĐ-CSĐT", "Trần Văn Bé",
                               "Giết người", "special", "1"]], header).ok
    w = WantedPerson.objects.get()
    assert (w.wanted_type, w.dangerous, w.full_name) == ("special", True, "Trần Văn Bé")
