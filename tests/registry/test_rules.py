"""The registry's rulebooks (`Person.clean`, `Household.clean`, `IdentityDocument.clean`): every
rule refuses through the form, the import and the API alike (where that way takes the field),
names the field, and nothing is stored or cut to fit."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from congan.registry.models import Household, IdentityDocument, Person
from tests.org.factories import unit
from tests.registry.factories import PersonFactory, resident_row, residents_csv
from tests.support.rules import call_api, post_form

pytestmark = pytest.mark.django_db

ALL = ("form", "import", "api")
# (changes, field, the reason the import gives, the ways in that take the field)
RULES = [
    ({"full_name": "Nguyễn " + "A" * 114}, "full_name", "is 121 characters long; at most 120 are allowed", ALL),
    ({"father_name": "Nguyễn\x00Văn Ba"}, "father_name", "NUL character", ALL),
    ({"ethnicity": "K" * 41}, "ethnicity", "is 41 characters long; at most 40 are allowed", ALL),
    ({"date_of_birth": "2030-01-01"}, "date_of_birth", "cannot be in the future", ALL),
    ({"date_of_birth": "1800-01-01"}, "date_of_birth", "cannot be before 01/01/1880", ALL),
    ({"address": "Số " + "5" * 240 + ", Phường An Hòa, Quận Ninh Kiều, Thành phố Cần Thơ"}, "address",
     "at most 255 are allowed", ALL),
    ({"record_id": "R" * 65}, "record_id", "is 65 characters long; at most 64 are allowed", ("import",)),
    ({"household_id": "H" * 41}, "household_id", "is 41 characters long; at most 40 are allowed", ("import",)),
]


def _cases(way):
    return [pytest.param(c, f, r, id=f"{f}-{n}") for n, (c, f, r, ways) in enumerate(RULES) if way in ways]


def _form(**changes) -> dict:
    data = {"full_name": "Nguyễn Văn An", "date_of_birth": "1990-03-15", "sex": "Nam", "nationality": "Việt Nam",
            "ethnicity": "Kinh", "address": "Số 5, Đường Mậu Thân, Phường An Hòa", "unit": unit("31120").pk,
            "father_name": "Nguyễn Văn Ba", "reason": "Đăng ký thường trú"}
    return {**data, **changes}


@pytest.mark.parametrize(("changes", "field", "reason"), _cases("form"))
def test_the_form_refuses(client_for, nhaplieu, changes, field, reason):
    errors = post_form(client_for(nhaplieu), "/registry/people/add/", _form(**changes))
    assert errors.get(field), errors
    assert not Person.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), _cases("import"))
def test_the_import_refuses(tmp_path, changes, field, reason):
    changes = {"record_id": "R2", **changes}
    path = residents_csv(tmp_path / "r.csv", [resident_row("R1"), resident_row(changes.pop("record_id"), **changes)])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "residents", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert f"row 3, field '{field}'" in err.getvalue() and reason in err.getvalue()
    assert not Person.objects.exists() and not Household.objects.exists() and not IdentityDocument.objects.exists()


@pytest.mark.parametrize(("changes", "field", "reason"), _cases("api"))
def test_the_api_refuses(client_for, nhaplieu, changes, field, reason):
    person = PersonFactory(unit_code="31120", full_name="Nguyễn Văn An")
    payload = {"version": person.version, "reason": "Sửa theo giấy khai sinh", **changes}
    status, body = call_api(client_for(nhaplieu), "patch", f"/api/registry/people/{person.pk}", payload)
    assert status == 422, body
    assert body["errors"].get(field), body
    person.refresh_from_db()
    assert (person.full_name, person.version) == ("Nguyễn Văn An", 1)
    assert not person.changes.exists()


def test_a_long_record_id_is_not_cut_into_another(tmp_path):
    """Two ids that agree on their first 64 characters were one record once: now the file is refused."""
    stem = "R" * 64
    path = residents_csv(tmp_path / "r.csv", [resident_row(stem), resident_row(stem + "2", household_id="HT0002")])
    with pytest.raises(SystemExit):
        call_command("import", "residents", str(path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Person.objects.exists()


def test_a_good_resident_passes_every_way_in(tmp_path, client_for, nhaplieu):
    client = client_for(nhaplieu)
    assert post_form(client, "/registry/people/add/", _form(full_name="Trần Văn Form")) == {}
    call_command("import", "residents", str(residents_csv(tmp_path / "r.csv", [resident_row("R1")])),
                 "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    person = Person.objects.get(record_id="R1")
    status, body = call_api(client, "patch", f"/api/registry/people/{person.pk}",
                            {"version": person.version, "reason": "Sai dấu", "full_name": "Nguyễn Văn Ân"})
    assert status == 200, body
    assert body["version"] == 2
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn Ân", "Trần Văn Form"]


def test_an_identity_document_follows_its_rulebook(client_for, nhaplieu):
    person = PersonFactory(unit_code="31120", date_of_birth=date(1990, 3, 15))
    client = client_for(nhaplieu)
    for issued_on in ("2999-01-01", "1800-01-01", "1989-01-01"):  # future, too early, before birth
        errors = post_form(client, f"/registry/people/{person.pk}/documents/add/",
                           {"number": "092090123456", "issued_on": issued_on, "issued_by": "Cục Cảnh sát",
                            "reason": "Cấp mới"})
        assert errors.get("issued_on"), errors
    assert not person.documents.exists()
