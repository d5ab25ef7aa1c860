"""Links across units (org.jurisdiction.link): a household belongs to one ward; a member registered
in another ward is shown without personal data and cannot be changed from outside their area;
moving a resident of another ward in is a change of permanent residence, recorded and audited."""

from datetime import date

import pytest

from congan.org.models import AuditEntry
from congan.registry.models import Person, PersonChange
from tests.registry.factories import PersonFactory, household
from tests.sealed import the

STRANGER_ID = "092077000154"


@pytest.fixture
def home(db):
    """An Hòa's household 75 holding, besides its own residents, one resident of Xuân Khánh (as
    the district officer's old form used to leave it, or an import may)."""
    h = household("HH-AN-HOA-75", unit_code="31120")
    PersonFactory(unit_code="31120", full_name="Trần Văn Bảy", household=h, relation_to_head="Chủ hộ",
                  id_number="092080000101", date_of_birth=date(1980, 2, 3))
    PersonFactory(unit_code="31120", full_name="Lê Thị Tám", household=h, relation_to_head="Vợ", sex="Nữ",
                  id_number="092182000102", date_of_birth=date(1982, 8, 8))
    return h


@pytest.fixture
def stranger(home):
    return PersonFactory(unit_code="31144", full_name="Huỳnh Văn Khách", household=home, relation_to_head="Cháu",
                         id_number=STRANGER_ID, date_of_birth=date(1977, 6, 5), father_name="Huỳnh Văn Cha")


def _leaks(text: str, person: Person) -> list[str]:
    return [v for v in (person.full_name, person.id_number, "05/06/1977", "1977-06-05", person.father_name,
                        person.record_id, f"/registry/people/{person.pk}/") if v in text]


def _state(*people):
    return [(p.household_id, p.relation_to_head, p.unit_id) for p in Person.objects.filter(pk__in=[x.pk for x in people])]


# --- what is shown ----------------------------------------------------------------------------

def test_household_page_shows_a_member_of_another_ward_without_personal_data(client_for, anhoa, home, stranger):
    page = client_for(anhoa).get(f"/registry/households/{home.pk}/").text
    assert "Trần Văn Bảy" in page and "Lê Thị Tám" in page
    assert _leaks(page, stranger) == []
    assert 'id="members-elsewhere"' in page
    assert f"/members/{stranger.pk}/remove/" not in page
    entry = AuditEntry.objects.filter(action="view", object_type="registry.Household").latest("id")
    assert entry.detail["members_elsewhere"] == 1 and stranger.pk not in entry.detail["members"]


def test_household_api_gives_no_member_of_another_ward(client_for, anhoa, home, stranger):
    response = client_for(anhoa).get(f"/api/registry/households/{home.pk}")
    assert response.status_code == 200
    body = response.json()
    assert {m["full_name"] for m in body["members"]} == {"Trần Văn Bảy", "Lê Thị Tám"}
    assert body["members_elsewhere"] == 1
    assert _leaks(response.text, stranger) == []
    assert stranger.pk not in [m["id"] for m in body["members"]]


def test_the_district_sees_every_member(client_for, ninhkieu, home, stranger):
    body = client_for(ninhkieu).get(f"/api/registry/households/{home.pk}").json()
    assert body["members_elsewhere"] == 0 and len(body["members"]) == 3


def test_a_residents_page_shows_no_member_of_a_household_in_another_ward(client_for, xuankhanh, home, stranger):
    client = client_for(xuankhanh)
    page = client.get(f"/registry/people/{stranger.pk}/").text
    assert "Huỳnh Văn Khách" in page
    assert "Trần Văn Bảy" not in page and "Lê Thị Tám" not in page
    assert "HH-AN-HOA-75" not in page and f"/registry/households/{home.pk}/" not in page
    assert 'id="household-elsewhere"' in page
    api = client.get(f"/api/registry/people/{stranger.pk}")
    assert api.status_code == 200
    assert api.json()["household_id"] is None
    assert "Trần Văn Bảy" not in api.text


def test_a_residents_page_hides_household_members_of_another_ward(client_for, anhoa, home, stranger):
    head = the(home.members.all(), full_name="Trần Văn Bảy")
    page = client_for(anhoa).get(f"/registry/people/{head.pk}/").text
    assert "Lê Thị Tám" in page
    assert _leaks(page, stranger) == []
    assert 'id="members-elsewhere"' in page


# --- what is refused ----------------------------------------------------------------------------

def test_setting_a_resident_of_another_ward_as_head_is_refused_and_audited(client_for, anhoa, home, stranger):
    before = _state(*home.members.all())
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/head/",
                                      {"new_head": stranger.pk, "old_head_relation": "Cậu", "reason": "x"})
    assert response.status_code == 404
    assert _state(*home.members.all()) == before
    assert not PersonChange.objects.exists()
    assert home.head.full_name == "Trần Văn Bảy"
    denied = AuditEntry.objects.get(action="denied", actor=anhoa, object_id=str(stranger.pk))
    assert denied.detail["denied"] == "link" and denied.detail["change"] == "head"
    assert not AuditEntry.objects.filter(action="update").exists()


def test_the_head_choice_offers_only_residents_of_the_area(client_for, anhoa, home, stranger):
    response = client_for(anhoa).get(f"/registry/households/{home.pk}/head/")
    assert response.status_code == 200
    assert list(response.context["form"].fields["new_head"].queryset) == [the(home.members.all(), full_name="Lê Thị Tám")]
    assert _leaks(response.text, stranger) == []


def test_removing_a_resident_of_another_ward_is_refused_and_audited(client_for, anhoa, home, stranger):
    client = client_for(anhoa)
    assert client.get(f"/registry/households/{home.pk}/members/{stranger.pk}/remove/").status_code == 404
    response = client.post(f"/registry/households/{home.pk}/members/{stranger.pk}/remove/", {"reason": "Chuyển đi"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert (stranger.household_id, stranger.relation_to_head) == (home.pk, "Cháu")
    assert not PersonChange.objects.exists()
    assert AuditEntry.objects.filter(action="denied", actor=anhoa, object_id=str(stranger.pk),
                                     detail__denied="link").count() == 2


def test_a_head_living_in_another_ward_cannot_be_replaced_from_outside_their_area(client_for, anhoa, home, stranger):
    home.members.filter(pk=the(home.members.all(), full_name="Trần Văn Bảy").pk).update(relation_to_head="Anh")
    Person.objects.filter(pk=stranger.pk).update(relation_to_head="Chủ hộ")
    wife = the(home.members.all(), full_name="Lê Thị Tám")
    before = _state(*home.members.all())
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/head/",
                                      {"new_head": wife.pk, "old_head_relation": "Anh", "reason": "x"})
    assert response.status_code == 404
    assert _state(*home.members.all()) == before
    assert not PersonChange.objects.exists()


def test_a_ward_officer_still_changes_their_own_residents(client_for, anhoa, home, stranger):
    wife = the(home.members.all(), full_name="Lê Thị Tám")
    response = client_for(anhoa).post(f"/registry/households/{home.pk}/head/",
                                      {"new_head": wife.pk, "old_head_relation": "Chồng", "reason": "Chủ hộ mất"})
    assert response.status_code == 302
    assert home.head == wife


# --- a move across wards is a change of permanent residence --------------------------------------

def test_moving_a_resident_of_another_ward_in_changes_their_permanent_residence(client_for, ninhkieu, anhoa,
                                                                                xuankhanh, home):
    newcomer = PersonFactory(unit_code="31144", full_name="Phan Văn Mới", id_number="092099000155",
                             address="Số 9, Phường Xuân Khánh")
    old_unit = newcomer.unit_id
    response = client_for(ninhkieu).post(f"/registry/households/{home.pk}/members/add/",
                                         {"resident": "092099000155", "relation": "Em", "reason": "Chuyển hộ khẩu về"})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.household_id, newcomer.unit_id, newcomer.address) == (home.pk, home.unit_id, home.address)
    change = next(c for c in newcomer.changes.all() if "unit" in c.changes)  # sealed: read, not queried
    assert change.reason == "Chuyển hộ khẩu về" and change.actor == ninhkieu
    assert change.changes["unit"][0].startswith("Phường Xuân Khánh") and "31120" in change.changes["unit"][1]
    assert change.changes["address"] == ["Số 9, Phường Xuân Khánh", home.address]
    moved = AuditEntry.objects.get(action="update", object_type="registry.Person", object_id=str(newcomer.pk))
    assert moved.detail["permanent_residence"] == [old_unit, home.unit_id]
    assert AuditEntry.objects.get(object_type="registry.Household", action="update").detail["residence_moved"] is True
    # The receiving ward now holds the resident; the ward they left no longer does.
    assert "Phan Văn Mới" in client_for(anhoa).get(f"/registry/households/{home.pk}/").text
    assert client_for(xuankhanh).get(f"/registry/people/{newcomer.pk}/").status_code == 404


def test_a_move_inside_the_same_ward_keeps_the_residence(client_for, anhoa, home):
    neighbour = PersonFactory(unit_code="31120", full_name="Đỗ Văn Láng", id_number="092099000156", address="Số 3")
    client_for(anhoa).post(f"/registry/households/{home.pk}/members/add/",
                           {"resident": "092099000156", "relation": "Cháu", "reason": "Nhập hộ"})
    neighbour.refresh_from_db()
    assert (neighbour.household_id, neighbour.address) == (home.pk, "Số 3")
    assert not any("unit" in c.changes for c in neighbour.changes.all())


# --- a case's suspect, a wanted person: linked to a resident of another ward ----------------------

@pytest.fixture
def case_with_suspect_elsewhere(db):
    from tests.cases.factories import CaseFactory, SuspectFactory

    case = CaseFactory(unit_code="31120", case_number="VA-LINK-1")
    resident = PersonFactory(unit_code="31144", full_name="Huỳnh Văn Khách", id_number=STRANGER_ID,
                             date_of_birth=date(1977, 6, 5), record_id="R-XK-154")
    suspect = SuspectFactory(case=case, full_name="Huỳnh Văn Khách", year_of_birth=1977, person=resident)
    return case, suspect, resident


def test_case_page_and_api_give_no_id_of_a_suspects_record_in_another_ward(client_for, anhoa,
                                                                           case_with_suspect_elsewhere):
    case, suspect, resident = case_with_suspect_elsewhere
    client = client_for(anhoa)
    page = client.get(f"/cases/{case.pk}/").text
    assert "Huỳnh Văn Khách" in page and "1977" in page  # what the case itself holds
    assert "R-XK-154" not in page and f"/registry/people/{resident.pk}/" not in page and STRANGER_ID not in page
    body = client.get(f"/api/cases/cases/{case.pk}").json()
    assert body["suspects"][0]["full_name"] == "Huỳnh Văn Khách"
    assert body["suspects"][0]["person_id"] is None
    # The edit form does not show the record id either, and saving it keeps the link.
    form_page = client.get(f"/cases/{case.pk}/suspects/{suspect.pk}/")
    assert form_page.status_code == 200 and "R-XK-154" not in form_page.text
    response = client.post(f"/cases/{case.pk}/suspects/{suspect.pk}/",
                           {"full_name": "Huỳnh Văn Khách", "year_of_birth": 1977, "person_record": "", "note": "x"})
    assert response.status_code == 302
    suspect.refresh_from_db()
    assert suspect.person_id == resident.pk and suspect.note == "x"


def test_the_district_sees_the_suspects_record(client_for, ninhkieu, case_with_suspect_elsewhere):
    case, _suspect, resident = case_with_suspect_elsewhere
    client = client_for(ninhkieu)
    assert client.get(f"/api/cases/cases/{case.pk}").json()["suspects"][0]["person_id"] == resident.pk
    assert f"/registry/people/{resident.pk}/" in client.get(f"/cases/{case.pk}/").text


def test_wanted_page_gives_no_link_to_a_resident_of_another_ward(client_for, anhoa, db):
    from tests.campaigns.factories import WantedFactory

    resident = PersonFactory(unit_code="31144", record_id="R-XK-155")
    wanted = WantedFactory(unit_code="31120", person=resident)
    page = client_for(anhoa).get(f"/campaigns/wanted/{wanted.pk}/")
    assert page.status_code == 200
    assert "R-XK-155" not in page.text and f"/registry/people/{resident.pk}/" not in page.text


def test_an_operations_form_shows_and_keeps_only_its_own_cases(client_for, anhoa, db):
    from tests.cases.factories import CaseFactory, OperationFactory

    own = CaseFactory(unit_code="31120", case_number="VA-OWN")
    theirs = CaseFactory(unit_code="31144", case_number="VA-THEIRS")
    operation = OperationFactory(unit_code="31120")
    operation.cases.set([own, theirs])
    client = client_for(anhoa)
    form = client.get(f"/cases/operations/{operation.pk}/edit/")
    assert form.status_code == 200 and "VA-THEIRS" not in form.text
    data = {k: v for k, v in form.context["form"].initial.items() if v is not None}
    data.update(number=operation.number, name="Đổi tên", opened_on="2024-03-01", lead_unit_code="31120",
                case_numbers="VA-OWN")
    response = client.post(f"/cases/operations/{operation.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert set(operation.cases.values_list("case_number", flat=True)) == {"VA-OWN", "VA-THEIRS"}


def test_wanted_arrested_drill_down_lists_nothing_of_a_person_another_ward_listed(client_for, anhoa, db):
    from congan.campaigns.models import WantedStatusChange
    from tests.campaigns.factories import WantedFactory
    from tests.org.factories import unit

    theirs = WantedFactory(unit_code="31144", full_name="Tên Của Phường Khác", wanted_number="TNA-XK-1",
                           listed_on=date(2024, 2, 1))
    change = theirs.change_status(status="arrested", on=date(2024, 3, 10), unit=unit("31120"))
    ours = WantedFactory(unit_code="31120", full_name="Tên Của An Hòa", wanted_number="TNA-AH-1",
                         listed_on=date(2024, 2, 1), outcome="arrested", outcome__on=date(2024, 3, 11))
    response = client_for(anhoa).get("/reports/records/", {"kpi": "wanted.arrested", "unit": unit("31120").pk,
                                                           "start": "2024-03-01", "end": "2024-03-31"})
    assert response.status_code == 200
    assert "Tên Của An Hòa" in response.text and "TNA-AH-1" in response.text
    assert "Tên Của Phường Khác" not in response.text and "TNA-XK-1" not in response.text
    assert f"/campaigns/wanted/{theirs.pk}/" not in response.text
    assert response.context["total"] == 2  # the figure and its records still agree
    assert WantedStatusChange.objects.filter(pk=change.pk).exists() and ours.status == "arrested"
