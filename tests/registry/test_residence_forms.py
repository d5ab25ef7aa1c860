"""Temporary and current residences: the ward is read in the era valid on the start date,
must lie in the user's area, and every change is kept in the person's history."""

from datetime import date

import pytest

from congan.org.models import AuditEntry
from congan.registry.models import Place
from tests.org.factories import unit
from tests.registry.factories import PersonFactory


@pytest.fixture
def hoa(db):
    return PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", sex="Nữ", id_number="092190000001")


def _place(**fields):
    data = {"kind": "temporary", "address": "Số 12, Hẻm 51, Đường 3/2", "ward": "31120",
            "since": "2024-03-01", "until": "", "reason": "Đăng ký tạm trú"}
    data.update(fields)
    return data


def test_a_temporary_residence_is_saved_shown_and_kept_in_the_history(client_for, anhoa, hoa):
    client = client_for(anhoa)
    response = client.post(f"/registry/people/{hoa.pk}/places/add/", _place())
    assert response.status_code == 302
    place = hoa.places.get()
    assert (place.kind, place.unit.code, place.unit.era, place.since) == ("temporary", "31120", "legacy",
                                                                         date(2024, 3, 1))
    change = hoa.changes.get()
    assert change.actor == anhoa
    assert change.reason == "Đăng ký tạm trú"
    assert change.changes == {"temporary_residence": [
        None, "Số 12, Hẻm 51, Đường 3/2; Phường An Hòa (31120, legacy); 2024-03-01"]}
    assert AuditEntry.objects.filter(action="create", object_type="registry.Place", object_id=str(place.pk),
                                     actor=anhoa).exists()
    page = client.get(f"/registry/people/{hoa.pk}/").text
    assert "Số 12, Hẻm 51, Đường 3/2" in page
    assert "01/03/2024" in page
    assert "Đăng ký tạm trú" in page


def test_the_same_code_means_the_ward_of_the_era_valid_on_the_start_date(client_for, ninhkieu2025):
    person = PersonFactory(unit_code="31135", era="2025", full_name="Lý Thị Mai", sex="Nữ", id_number="092195000002", date_of_birth=date(1995, 4, 2))
    client = client_for(ninhkieu2025)
    client.post(f"/registry/people/{person.pk}/places/add/", _place(ward="31135", since="2024-05-01",
                                                                    until="2025-06-30"))
    client.post(f"/registry/people/{person.pk}/places/add/", _place(kind="current", ward="31135",
                                                                    since="2025-07-01"))
    places = {p.kind: p.unit for p in person.places.select_related("unit")}
    assert (places["temporary"].name, places["temporary"].era) == ("Phường Tân An", "legacy")
    assert (places["current"].name, places["current"].era) == ("Phường Ninh Kiều", "2025")


def test_a_ward_outside_the_area_is_refused_and_nothing_is_stored(client_for, anhoa, hoa):
    response = client_for(anhoa).post(f"/registry/people/{hoa.pk}/places/add/", _place(ward="31153"))
    assert response.status_code == 200
    assert "outside your area" in str(response.context["form"].errors["ward"]) or \
        "ngoài địa bàn" in str(response.context["form"].errors["ward"])
    assert not Place.objects.exists()
    assert not hoa.changes.exists()


@pytest.mark.parametrize("bad", [
    {"ward": "99999"},                                   # no such ward
    {"ward": "916"},                                     # a district, not a ward
    {"reason": ""},                                      # a reason is required
    {"since": "2024-03-01", "until": "2024-02-01"},      # ends before it began
    {"since": "2999-01-01"},                             # in the future
])
def test_bad_input_shows_the_error_and_stores_nothing(client_for, anhoa, hoa, bad):
    response = client_for(anhoa).post(f"/registry/people/{hoa.pk}/places/add/", _place(**bad))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "errorlist" in response.text
    assert not Place.objects.exists()
    assert not hoa.changes.exists()


def test_ending_a_residence_keeps_old_and_new_in_the_history(client_for, anhoa, hoa):
    place = Place.objects.create(person=hoa, kind="temporary", address="Số 7, Đường Mậu Thân",
                                 unit=unit("31120"), since=date(2023, 1, 10))
    client = client_for(anhoa)
    early = client.post(f"/registry/people/{hoa.pk}/places/{place.pk}/end/", {"until": "2022-12-31", "reason": "x"})
    assert early.status_code == 200
    assert "until" in early.context["form"].errors
    response = client.post(f"/registry/people/{hoa.pk}/places/{place.pk}/end/",
                           {"until": "2024-06-30", "reason": "Chuyển đi nơi khác"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.until == date(2024, 6, 30)
    change = hoa.changes.get()
    assert change.reason == "Chuyển đi nơi khác"
    assert change.changes["temporary_residence"] == [
        "Số 7, Đường Mậu Thân; Phường An Hòa (31120, legacy); 2023-01-10",
        "Số 7, Đường Mậu Thân; Phường An Hòa (31120, legacy); 2023-01-10 – 2024-06-30",
    ]
    assert "30/06/2024" in client.get(f"/registry/people/{hoa.pk}/").text
