"""The case register's rulebook (`Case.clean`): every rule refuses through the form, the import
and the API alike, names the field, and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest

from congan.cases.importers import CaseImporter, SuspectImporter
from congan.cases.models import Case
from congan.importing import run_import
from tests.cases.factories import CaseFactory
from tests.support.rules import call_api, post_form, write_file

pytestmark = pytest.mark.django_db

GOOD = {"case_number": "HS-R-1", "unit_code": "31120", "detected_on": "2024-04-01", "articles": "173",
        "severity": "it_nghiem_trong", "category": "theft", "cleared_on": ""}
HEADER = ["case_id", "unit_code", "detected_on", "article", "severity", "category", "cleared_on", "prosecuted_on"]
COLUMN = {"case_number": "case_id", "articles": "article"}

# (changes to a good case, the field refused, the reason the import gives)
RULES = [
    ({"detected_on": "2030-06-01", "unit_code": "31135"}, "detected_on", "cannot be in the future"),
    ({"detected_on": "1800-01-01"}, "detected_on", "cannot be before 01/01/1975"),
    ({"cleared_on": "2030-01-01"}, "cleared_on", "cannot be in the future"),
    ({"cleared_on": "2024-03-31"}, "cleared_on", "cannot be before the date the case was detected (01/04/2024)"),
    ({"prosecuted_on": "2024-03-01"}, "prosecuted_on", "cannot be before the date the case was detected"),
    ({"articles": "177173"}, "articles", "is not a list of Penal Code articles"),
    ({"articles": "999"}, "articles", "article 999 is not in the Penal Code (1–426)"),
    ({"articles": "134"}, "articles", "none of these articles defines Theft (Penal Code articles 172–173)"),
    ({"articles": ", ".join(["173"] * 20)}, "articles", "is 98 characters long; at most 80 are allowed"),
    ({"case_number": "HS-" + "9" * 38}, "case_number", "is 41 characters long; at most 40 are allowed"),
    ({"case_number": "HS-\x00-1"}, "case_number", "NUL character"),
]
IDS = [f"{field}-{n}" for n, (_, field, _) in enumerate(RULES)]


def _case(changes: dict) -> dict:
    case = {**GOOD, **changes}
    if case["cleared_on"]:
        case["clearance_type"] = "offender_identified"
    return case


@pytest.mark.parametrize(("changes", "field", "reason"), RULES, ids=IDS)
def test_the_form_refuses(client_for, nhaplieu, changes, field, reason):
    errors = post_form(client_for(nhaplieu), "/cases/new/", _case(changes))
    assert errors.get(field), errors
    assert not Case.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), RULES, ids=IDS)
def test_the_import_refuses(tmp_path, changes, field, reason):
    row = {COLUMN.get(k, k): v for k, v in _case(changes).items()}
    result = run_import(CaseImporter(), write_file(tmp_path / "cases.csv", HEADER, [row]))
    assert [(r.row, r.field) for r in result.rejects] == [(2, COLUMN.get(field, field))]
    assert reason in result.rejects[0].reason
    assert result.stored == 0 and not Case.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), RULES, ids=IDS)
def test_the_api_refuses(client_for, nhaplieu, changes, field, reason):
    payload = {k: v for k, v in _case(changes).items() if v != ""}
    status, body = call_api(client_for(nhaplieu), "post", "/api/cases/cases", payload)
    assert status == 422, body
    assert body["errors"].get(field), body
    assert not Case.objects.exists()


def test_a_good_case_passes_every_way_in(tmp_path, client_for, nhaplieu):
    client = client_for(nhaplieu)
    assert post_form(client, "/cases/new/", {**GOOD, "case_number": "HS-F"}) == {}
    row = {COLUMN.get(k, k): v for k, v in {**GOOD, "case_number": "HS-I"}.items()}
    assert run_import(CaseImporter(), write_file(tmp_path / "cases.csv", HEADER, [row])).ok
    status, body = call_api(client, "post", "/api/cases/cases",
                            {k: v for k, v in {**GOOD, "case_number": "HS-A"}.items() if v})
    assert status == 201, body
    assert sorted(Case.objects.values_list("case_number", flat=True)) == ["HS-A", "HS-F", "HS-I"]


def test_the_form_says_why_in_vietnamese(client_for, nhaplieu):
    errors = post_form(client_for(nhaplieu), "/cases/new/", _case({"articles": "134"}))
    assert errors["articles"] == ["không điều nào trong số này quy định tội thuộc loại Trộm cắp tài sản "
                                  "(Bộ luật Hình sự, các điều 172–173)"]


# --- suspects (the form on the case page and the import; no API writes suspects) --------------

SUSPECT = {"suspect_id": "BC-R-1", "full_name": "Lê Văn Tèo", "year_of_birth": "1990", "arrested_on": "2024-04-02",
           "prosecuted_on": ""}
SUSPECT_HEADER = ["case_id", "suspect_id", "full_name", "year_of_birth", "arrested_on", "prosecuted_on"]
SUSPECT_RULES = [
    ({"year_of_birth": "2030"}, "year_of_birth", "must be between 1880 and 2024"),
    ({"year_of_birth": "1200"}, "year_of_birth", "must be between 1880 and 2024"),
    ({"arrested_on": "2030-01-01"}, "arrested_on", "cannot be in the future"),
    ({"arrested_on": "2024-03-31"}, "arrested_on", "cannot be before the date the case was detected (01/04/2024)"),
    ({"full_name": "Lê " + "A" * 118}, "full_name", "is 121 characters long; at most 120 are allowed"),
]


@pytest.mark.parametrize(("changes", "field", "reason"), SUSPECT_RULES,
                         ids=[f"{f}-{n}" for n, (_, f, _) in enumerate(SUSPECT_RULES)])
def test_a_suspect_is_refused_by_form_and_import(tmp_path, client_for, nhaplieu, changes, field, reason):
    case = CaseFactory(case_number="HS-S", detected_on=date(2024, 4, 1))
    suspect = {**SUSPECT, **changes}
    errors = post_form(client_for(nhaplieu), f"/cases/{case.pk}/suspects/",
                       {k: v for k, v in suspect.items() if k != "suspect_id"})
    assert errors.get(field), errors
    result = run_import(SuspectImporter(), write_file(tmp_path / "s.csv", SUSPECT_HEADER,
                                                      [{**suspect, "case_id": "HS-S"}]))
    assert [(r.row, r.field) for r in result.rejects] == [(2, field)]
    assert reason in result.rejects[0].reason
    assert not case.suspects.exists()
