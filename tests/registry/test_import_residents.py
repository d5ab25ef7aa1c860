"""`congan import residents FILE`: all or nothing, every reject named by row, field and reason."""

import io

import pytest
from django.core.management import call_command

from congan.registry.models import Household, IdentityDocument, Person
from tests.org.factories import unit
from tests.registry.factories import PersonFactory, resident_row, residents_csv


def _import(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", "residents", str(path), "--no-progress", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def family(tmp_path):
    return residents_csv(tmp_path / "family.csv", [
        resident_row("R1", full_name="Nguyễn Văn An", id_number="092090123456"),
        resident_row("R2", full_name="Trần Thị Bình", sex="Nữ", date_of_birth="1992-07-02",
                     id_number="092192654321", relation_to_head="Vợ"),
        # Year of birth only; the number says male born 2012 while the record says female.
        resident_row("R3", full_name="Nguyễn Thị Cúc", sex="nu", date_of_birth="2012",
                     id_number="092212000777", relation_to_head="Con"),
        # A 2025-structure address; month and year only; an old CMND.
        resident_row("R4", full_name="Lê Văn Dũng", date_of_birth="05/1970", id_number="361234567",
                     household_id="HT0002", address="Số 9, Đường 30/4, Phường Ninh Kiều, Thành phố Cần Thơ"),
    ])


def test_a_good_file_stores_people_households_documents_and_findings(db, family):
    code, out, err = _import(family)
    assert code == 0, err
    assert "imported 4 residents" in out
    an, binh, cuc, dung = (Person.objects.select_related("unit", "household").get(record_id=r)
                           for r in ("R1", "R2", "R3", "R4"))
    assert an.unit == unit("31120", "legacy")
    assert dung.unit == unit("31135", "2025")
    assert an.household == binh.household == cuc.household
    assert Household.objects.get(code="HT0001").head == an
    assert (an.spouse_name, binh.spouse_name) == ("Trần Thị Bình", "Nguyễn Văn An")
    assert (cuc.date_of_birth, cuc.birth_year, cuc.birth_month) == (None, 2012, None)
    assert (dung.birth_year, dung.birth_month, dung.birth_display) == (1970, 5, "05/1970")
    assert "cccd_sex_mismatch" in cuc.id_finding
    assert an.id_finding == ""
    kinds = dict(IdentityDocument.objects.values_list("number", "kind"))
    assert kinds == {"092090123456": "cccd", "092192654321": "cccd", "092212000777": "cccd", "361234567": "cmnd"}
    assert an.hometown_unit.name == "Xã Thạnh Lộc"


@pytest.mark.parametrize(("bad", "field", "reason"), [
    ({"date_of_birth": "31/02/1990"}, "date_of_birth", "impossible date"),
    ({"date_of_birth": "2090-01-01"}, "date_of_birth", "in the future"),
    ({"date_of_birth": "ngày rằm"}, "date_of_birth", "not a date"),
    ({"address": "Số 1, Phường Không Tên, Quận Ninh Kiều, Thành phố Cần Thơ"}, "address", "no ward"),
    ({"address": "Số 1, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"}, "address", "outside the city"),
    ({"address": ""}, "address", "required"),
    ({"id_number": "09209012345X"}, "id_number", "non-digit"),
    ({"id_number": "92090123456"}, "id_number", "has 11 digits"),
    ({"sex": "X"}, "sex", "unknown sex"),
    ({"record_id": "R1"}, "record_id", "duplicate of row 2"),
])
def test_one_bad_row_rejects_the_whole_file(db, tmp_path, bad, field, reason):
    path = residents_csv(tmp_path / "bad.csv", [resident_row("R1"), {**resident_row("R2"), **bad}])
    code, out, err = _import(path)
    assert code == 1
    assert "nothing stored" in err
    assert f"row 3, field '{field}'" in err
    assert reason in err
    assert not Person.objects.exists()
    assert not Household.objects.exists()
    assert not IdentityDocument.objects.exists()


def test_a_record_already_stored_is_refused(db, tmp_path):
    PersonFactory(unit_code="31120", record_id="R9")
    path = residents_csv(tmp_path / "again.csv", [resident_row("R8"), resident_row("R9")])
    code, _, err = _import(path)
    assert code == 1
    assert "row 3, field 'record_id' ('R9'): already stored" in err
    assert not Person.objects.filter(record_id="R8").exists()


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = residents_csv(tmp_path / "legacy.csv", [resident_row("R1"), resident_row("R2")], encoding="cp1258")
    code, _, err = _import(path)
    assert code == 2  # the file cannot be read: DESIGN.md's exit 2
    assert "not UTF-8" in err
    assert not Person.objects.exists()


def test_every_reject_is_listed_not_only_the_first(db, tmp_path):
    path = residents_csv(tmp_path / "bad.csv", [
        resident_row("R1", date_of_birth="30/02/2000"), resident_row("R2"), resident_row("R3", id_number="12"),
    ])
    code, _, err = _import(path)
    assert code == 1
    assert "2 rejected row(s)" in err
    assert "row 2, field 'date_of_birth'" in err
    assert "row 4, field 'id_number'" in err
