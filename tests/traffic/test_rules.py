"""The accident register's rulebook (`Accident.clean`): every rule refuses through the form, the
import and the API alike, names the field, and nothing is stored — deaths = 10¹² never reach a report."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from congan.importing import run_import
from congan.traffic.importers import AccidentImporter
from congan.traffic.models import Accident
from tests.support.rules import call_api, post_form, write_file

pytestmark = pytest.mark.django_db

GOOD = {"accident_number": "TN-R-1", "unit_code": "31120", "occurred_on": "2024-04-01", "deaths": "1",
        "injuries": "2", "cause": "speeding"}
HEADER = ["accident_id", "unit_code", "occurred_on", "deaths", "injuries", "cause", "place"]
COLUMN = {"accident_number": "accident_id"}

RULES = [
    ({"deaths": str(10**12)}, "deaths", "must be between 0 and 100"),
    ({"deaths": "9999"}, "deaths", "must be between 0 and 100"),
    ({"injuries": "100000"}, "injuries", "must be between 0 and 500"),
    ({"occurred_on": "2030-06-01", "unit_code": "31135"}, "occurred_on", "cannot be in the future"),
    ({"occurred_on": "1800-01-01"}, "occurred_on", "cannot be before 01/01/1975"),
    ({"accident_number": "TN-" + "7" * 38}, "accident_number", "is 41 characters long; at most 40 are allowed"),
    ({"place": "Cầu " + "x" * 197}, "place", "is 201 characters long; at most 200 are allowed"),
    ({"place": "Cầu\x00Hưng Lợi"}, "place", "NUL character"),
]
IDS = [f"{field}-{n}" for n, (_, field, _) in enumerate(RULES)]


@pytest.mark.parametrize(("changes", "field", "reason"), RULES, ids=IDS)
def test_the_form_refuses(client_for, nhaplieu, changes, field, reason):
    errors = post_form(client_for(nhaplieu), "/traffic/new/", {**GOOD, **changes})
    assert errors.get(field), errors
    assert not Accident.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), RULES, ids=IDS)
def test_the_import_refuses(tmp_path, changes, field, reason):
    row = {COLUMN.get(k, k): v for k, v in {**GOOD, **changes}.items()}
    result = run_import(AccidentImporter(), write_file(tmp_path / "traffic.csv", HEADER, [row]))
    assert [(r.row, r.field) for r in result.rejects] == [(2, COLUMN.get(field, field))]
    assert reason in result.rejects[0].reason
    assert result.stored == 0 and not Accident.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), RULES, ids=IDS)
def test_the_api_refuses(client_for, nhaplieu, changes, field, reason):
    status, body = call_api(client_for(nhaplieu), "post", "/api/traffic/accidents", {**GOOD, **changes})
    assert status == 422, body
    assert body["errors"].get(field), body
    assert not Accident.objects.exists()


def test_a_good_accident_passes_every_way_in(tmp_path, client_for, nhaplieu):
    client = client_for(nhaplieu)
    assert post_form(client, "/traffic/new/", {**GOOD, "accident_number": "TN-F"}) == {}
    row = {COLUMN.get(k, k): v for k, v in {**GOOD, "accident_number": "TN-I"}.items()}
    assert run_import(AccidentImporter(), write_file(tmp_path / "traffic.csv", HEADER, [row])).ok
    status, body = call_api(client, "post", "/api/traffic/accidents", {**GOOD, "accident_number": "TN-A"})
    assert status == 201, body
    assert sorted(Accident.objects.values_list("accident_number", flat=True)) == ["TN-A", "TN-F", "TN-I"]


def test_the_bound_is_in_the_message(client_for, nhaplieu):
    errors = post_form(client_for(nhaplieu), "/traffic/new/", {**GOOD, "deaths": str(10**12)})
    assert "phải từ 0 đến 100" in errors["deaths"]  # (PostgreSQL also names its integer's limit)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"deaths": str(10**12)}, "row 2, field 'deaths' ('1000000000000'): must be between 0 and 100"),
    ({"accident_number": "TN-" + "7" * 38}, "row 2, field 'accident_id'"),
    ({"accident_number": "TN-\x00"}, "row 2, field 'accident_id' ('TN-\\x00'): contains a NUL character"),
])
def test_the_command_names_row_field_value_and_reason(tmp_path, changes, expected):
    """`congan import traffic FILE`: exit 1 and one line per reject, never a traceback, on either database."""
    row = {COLUMN.get(k, k): v for k, v in {**GOOD, **changes}.items()}
    path = write_file(tmp_path / "traffic.csv", HEADER, [row])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "traffic", path, "--no-progress", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert expected in err.getvalue() and "nothing stored" in err.getvalue()
    assert not Accident.objects.exists()
