"""Household pages: change the address, move a member in or out, change the head; each change
goes into the history of every person concerned and is audited."""

from datetime import date

import pytest

from congan.org.models import AuditEntry
from congan.registry.models import Household
from tests.registry.factories import PersonFactory, household
from tests.sealed import the


@pytest.fixture
def home(db):
    h = household("HH-AN-HOA-7")
    PersonFactory(unit_code="31120", full_name="Trần Văn Bảy", household=h, relation_to_head="Chủ hộ", id_number="092080000101", date_of_birth=date(1980, 2, 3))
    PersonFactory(unit_code="31120", full_name="Lê Thị Tám", household=h, relation_to_head="Vợ", sex="Nữ", id_number="092182000102", date_of_birth=date(1982, 8, 8))
    return h


def _member(h, name):
    return the(h.members.all(), full_name=name)


def test_changing_the_address_goes_into_every_members_history(client_for, anhoa, home):
    client = client_for(anhoa)
    response = client.post(f"/registry/households/{home.pk}/edit/",
                           {"address": "Số 15, Đường Mậu Thân, Phường An Hòa", "ward": "", "on": "",
                            "reason": "Đánh số lại nhà"})
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.address == "Số 15, Đường Mậu Thân, Phường An Hòa"
    assert home.unit.code == "31120"
    for member in home.members.all():
        change = member.changes.get()
        assert (change.actor, change.reason) == (anhoa, "Đánh số lại nhà")
        assert change.changes == {"household_address": ["Số 1, Phường An Hòa", "Số 15, Đường Mậu Thân, Phường An Hòa"]}
    assert AuditEntry.objects.filter(action="update", object_type="registry.Household",
                                     object_id=str(home.pk), actor=anhoa).exists()
    page = client.get(f"/registry/households/{home.pk}/").text
    assert "Số 15, Đường Mậu Thân, Phường An Hòa" in page
    # the sealed address is found by its new words, no longer by the old
    assert client.get("/registry/households/", {"q": "so 15 duong mau than"}).context["total"] == 1
    assert client.get("/registry/households/", {"q": "So 1, Phuong An Hoa"}).context["total"] == 0


def test_a_ward_outside_the_area_is_refused(client_for, anhoa, home):
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/edit/",
                                      {"address": "Số 2, Ô Môn", "ward": "31153", "on": "2024-01-01", "reason": "x"})
    assert response.status_code == 200
    assert "ward" in response.context["form"].errors
    home.refresh_from_db()
    assert home.address == "Số 1, Phường An Hòa"
    assert not _member(home, "Trần Văn Bảy").changes.exists()


def test_moving_a_resident_in_takes_them_out_of_their_old_household(client_for, anhoa, home):
    other = household("HH-AN-HOA-9")
    son = PersonFactory(unit_code="31120", full_name="Trần Văn Chín", household=other, relation_to_head="Chủ hộ", id_number="092205000103", date_of_birth=date(2005, 1, 1))
    client = client_for(anhoa)
    response = client.post(f"/registry/households/{home.pk}/members/add/",
                           {"resident": "092205000103", "relation": "Con", "reason": "Nhập hộ theo cha"})
    assert response.status_code == 302
    son.refresh_from_db()
    assert (son.household_id, son.relation_to_head) == (home.pk, "Con")
    change = son.changes.get()
    assert change.reason == "Nhập hộ theo cha"
    assert change.changes == {"household": ["HH-AN-HOA-9", "HH-AN-HOA-7"], "relation_to_head": ["Chủ hộ", "Con"]}
    audit = AuditEntry.objects.get(action="update", object_type="registry.Household", object_id=str(home.pk))
    assert audit.detail["member_in"] == son.pk
    assert audit.detail["from_household"] == other.pk
    page = client.get(f"/registry/households/{home.pk}/").text
    assert "Trần Văn Chín" in page
    assert "Nhập hộ theo cha" in client.get(f"/registry/people/{son.pk}/").text


@pytest.mark.parametrize("bad", [
    {"resident": "092999999999"},      # nobody with this number
    {"relation": "Chủ hộ"},            # there is already a head
    {"reason": ""},
])
def test_bad_input_moves_nobody(client_for, anhoa, home, bad):
    newcomer = PersonFactory(unit_code="31120", full_name="Võ Văn Mười", id_number="092201000104", date_of_birth=date(2001, 1, 1))
    data = {"resident": "092201000104", "relation": "Cháu", "reason": "Nhập hộ"}
    data.update(bad)
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/members/add/", data)
    assert response.status_code == 200
    assert "errorlist" in response.text
    newcomer.refresh_from_db()
    assert newcomer.household_id is None
    assert not newcomer.changes.exists()


def test_a_resident_outside_the_area_cannot_be_moved_in(client_for, anhoa, home):
    outsider = PersonFactory(unit_code="31153", full_name="Lý Văn Liêm", id_number="092175000105")
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/members/add/",
                                      {"resident": "092175000105", "relation": "Con", "reason": "x"})
    assert response.status_code == 200
    assert "resident" in response.context["form"].errors
    outsider.refresh_from_db()
    assert outsider.household_id is None


def test_moving_a_member_out(client_for, anhoa, home):
    wife = _member(home, "Lê Thị Tám")
    client = client_for(anhoa)
    response = client.post(f"/registry/households/{home.pk}/members/{wife.pk}/remove/", {"reason": "Tách hộ"})
    assert response.status_code == 302
    wife.refresh_from_db()
    assert (wife.household_id, wife.relation_to_head) == (None, "")
    assert wife.changes.get().changes == {"household": ["HH-AN-HOA-7", None], "relation_to_head": ["Vợ", None]}
    assert "Lê Thị Tám" not in client.get(f"/registry/households/{home.pk}/").text


def test_the_head_cannot_move_out_while_others_remain(client_for, anhoa, home):
    head = _member(home, "Trần Văn Bảy")
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/members/{head.pk}/remove/", {"reason": "x"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    head.refresh_from_db()
    assert head.household_id == home.pk
    assert not head.changes.exists()


def test_changing_the_head_is_kept_in_both_histories(client_for, anhoa, home):
    old, new = _member(home, "Trần Văn Bảy"), _member(home, "Lê Thị Tám")
    client = client_for(anhoa)
    missing = client.post(f"/registry/households/{home.pk}/head/",
                          {"new_head": new.pk, "old_head_relation": "", "reason": "Chủ hộ mất"})
    assert missing.status_code == 200
    assert "old_head_relation" in missing.context["form"].errors
    response = client.post(f"/registry/households/{home.pk}/head/",
                           {"new_head": new.pk, "old_head_relation": "Chồng", "reason": "Thay đổi chủ hộ"})
    assert response.status_code == 302
    assert Household.objects.get(pk=home.pk).head == new
    assert old.changes.get().changes == {"relation_to_head": ["Chủ hộ", "Chồng"]}
    assert new.changes.get().changes == {"relation_to_head": ["Vợ", "Chủ hộ"]}
    assert {c.reason for c in (old.changes.get(), new.changes.get())} == {"Thay đổi chủ hộ"}
    audit = AuditEntry.objects.get(action="update", object_type="registry.Household", object_id=str(home.pk))
    assert audit.detail["head"] == [old.pk, new.pk]
