"""Households: open a book with its head, split off a new household, find one by number, head's
name (with or without diacritics) or address; every change in the history and audited; refusals
change nothing."""

from datetime import date

import pytest

from congan.org.models import AuditEntry
from congan.registry.models import Household, Person
from tests.registry.factories import PersonFactory, household
from tests.sealed import the


@pytest.fixture
def home(db):
    h = household("HH-AN-HOA-9", address="Số 9, Đường Mậu Thân, Phường An Hòa")
    PersonFactory(unit_code="31120", full_name="Trần Văn Bảy", household=h, relation_to_head="Chủ hộ",
                  id_number="092080000201", date_of_birth=date(1960, 2, 3))
    PersonFactory(unit_code="31120", full_name="Trần Văn Tám", household=h, relation_to_head="Con",
                  id_number="092090000202", date_of_birth=date(1990, 8, 8))
    PersonFactory(unit_code="31120", full_name="Lê Thị Chín", household=h, relation_to_head="Con dâu", sex="Nữ",
                  id_number="092192000203", date_of_birth=date(1992, 9, 9))
    PersonFactory(unit_code="31120", full_name="Trần Văn Mười", household=h, relation_to_head="Cháu",
                  id_number="092215000204", date_of_birth=date(2015, 10, 10))
    return h


def _state():
    return (Household.objects.count(),
            sorted(Person.objects.values_list("pk", "household_id", "relation_to_head", "unit_id")))


def test_a_member_splits_off_with_wife_and_child(client_for, anhoa, home):
    son, wife, child = (the(home.members.all(), full_name=n) for n in ("Trần Văn Tám", "Lê Thị Chín", "Trần Văn Mười"))
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/split/", {
        "founder": son.pk, "code": "HH-AN-HOA-10", "address": "Số 11, Đường Mậu Thân, Phường An Hòa",
        f"move_{wife.pk}": "on", f"relation_{wife.pk}": "Vợ", f"move_{child.pk}": "on", f"relation_{child.pk}": "Con",
        "reason": "Con trai tách hộ"})
    new = Household.objects.get(code="HH-AN-HOA-10")
    assert response.status_code == 302 and response["Location"] == f"/registry/households/{new.pk}/"
    assert (new.unit, new.address) == (home.unit, "Số 11, Đường Mậu Thân, Phường An Hòa")
    assert {(p.full_name, p.relation_to_head) for p in new.members.all()} == {
        ("Trần Văn Tám", "Chủ hộ"), ("Lê Thị Chín", "Vợ"), ("Trần Văn Mười", "Con")}
    assert [p.full_name for p in home.members.all()] == ["Trần Văn Bảy"]
    change = son.changes.get()
    assert (change.actor, change.reason) == (anhoa, "Con trai tách hộ")
    assert change.changes["household"] == ["HH-AN-HOA-9", "HH-AN-HOA-10"]
    assert AuditEntry.objects.filter(action="create", object_type="registry.Household", object_id=str(new.pk),
                                     detail__split_from=home.pk).exists()
    assert AuditEntry.objects.filter(action="update", object_type="registry.Household", object_id=str(home.pk),
                                     detail__split_off=new.pk).exists()


@pytest.mark.parametrize("change", ["head founds", "taken number", "no relation"])
def test_a_wrong_split_is_refused_and_changes_nothing(client_for, anhoa, home, change):
    head = home.members.get(relation_to_head="Chủ hộ")
    son, wife = the(home.members.all(), full_name="Trần Văn Tám"), the(home.members.all(), full_name="Lê Thị Chín")
    household("HH-TAKEN")
    data = {"founder": son.pk, "code": "HH-NEW", "address": "Số 1", f"move_{wife.pk}": "on",
            f"relation_{wife.pk}": "Vợ", "reason": "tách hộ"}
    if change == "head founds":
        data["founder"] = head.pk
    elif change == "taken number":
        data["code"] = "HH-TAKEN"
    else:
        data[f"relation_{wife.pk}"] = ""
    client = client_for(anhoa)
    before = _state()
    response = client.post(f"/registry/households/{home.pk}/split/", data)
    assert response.status_code == 200 and response.context["form"].errors
    assert _state() == before


def test_opening_a_household_book_moves_the_head_in(client_for, anhoa, db):
    single = PersonFactory(unit_code="31120", full_name="Phan Văn Một", id_number="092070000301")
    client = client_for(anhoa)
    response = client.post("/registry/households/new/", {
        "code": "HH-AN-HOA-NEW", "head": "092070000301", "address": "Số 3, Đường Mậu Thân, Phường An Hòa",
        "ward": "31120", "on": "2024-05-01", "reason": "Đăng ký thường trú, lập sổ mới"})
    new = Household.objects.get(code="HH-AN-HOA-NEW")
    assert response.status_code == 302
    single.refresh_from_db()
    assert (single.household, single.relation_to_head) == (new, "Chủ hộ")
    assert single.changes.get().changes["household"] == [None, "HH-AN-HOA-NEW"]
    assert AuditEntry.objects.filter(action="create", object_type="registry.Household", object_id=str(new.pk)).exists()
    before = _state()
    again = client.post("/registry/households/new/", {
        "code": "HH-AN-HOA-NEW", "head": "092070000301", "address": "x", "ward": "31120", "on": "2024-05-01",
        "reason": "lập lại"})
    assert again.status_code == 200 and "HH-AN-HOA-NEW" in again.content.decode()
    assert _state() == before


def test_a_head_of_others_or_a_resident_of_another_ward_cannot_open_a_book(client_for, anhoa, home):
    PersonFactory(unit_code="31144", full_name="Ngô Văn Khác", id_number="092070000401")
    client = client_for(anhoa)
    before = _state()
    for head in ("092080000201", "092070000401"):  # the head of `home`; a resident of Xuân Khánh
        response = client.post("/registry/households/new/", {
            "code": "HH-X", "head": head, "address": "Số 4", "ward": "31120", "on": "2024-05-01", "reason": "lập sổ"})
        assert response.status_code == 200
    assert _state() == before


def test_households_are_found_by_number_head_name_without_diacritics_or_address(client_for, anhoa, xuankhanh, home):
    other = household("HH-XK-1", unit_code="31144", address="Số 2, Phường Xuân Khánh")
    PersonFactory(unit_code="31144", full_name="Trần Văn Bảy", household=other, relation_to_head="Chủ hộ")
    client = client_for(anhoa)
    for q in ("HH-AN-HOA-9", "tran van bay", "Mậu Thân", "so 9, duong mau th"):  # the address sealed
        response = client.get("/registry/households/", {"q": q})
        assert [h.pk for h, _head in response.context["rows"]] == [home.pk], q
        assert response.context["total"] == 1
    html = client.get("/registry/households/", {"q": "tran van bay"}).content.decode()
    assert "Trần Văn Bảy" in html and "HH-XK-1" not in html
    assert AuditEntry.objects.filter(action="list", object_type="registry.Household", actor=anhoa).exists()
    assert client_for(xuankhanh).get("/registry/households/", {"q": "HH-AN-HOA-9"}).context["total"] == 0
    assert client_for(xuankhanh).get("/registry/households/", {"q": "mau than"}).context["total"] == 0
    assert client.get("/registry/households/", {"q": "so 91"}).context["total"] == 0
