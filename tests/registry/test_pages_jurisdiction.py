"""Every registry page and API endpoint keeps to the user's jurisdiction and is audited."""

from datetime import date

import pytest

from congan.org.models import AuditEntry
from congan.registry.models import CardStep, Person
from tests.registry.factories import PersonFactory, application, household


@pytest.fixture
def hoa(db):
    home = household("HH-AN-HOA")
    person = PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", id_number="092190000001", household=home, relation_to_head="Chủ hộ", sex="Nữ")
    application(person, [(CardStep.COLLECTED, date(2024, 1, 5))])
    return person


def _urls(p):
    h = p.household_id
    return [
        f"/registry/people/{p.pk}/", f"/registry/people/{p.pk}/edit/", f"/registry/households/{h}/",
        f"/api/registry/people/{p.pk}", f"/api/registry/people/{p.pk}/history", f"/api/registry/households/{h}",
    ]


def test_the_ward_officer_opens_every_page_of_their_resident(client_for, anhoa, hoa):
    client = client_for(anhoa)
    for url in _urls(hoa):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/registry/people/{hoa.pk}/")
    assert "HH-AN-HOA" in page.text
    assert "Đã thu nhận hồ sơ" in page.text or "Application collected" in page.text


def test_an_outsider_gets_404_everywhere_and_each_try_is_audited(client_for, chauvanliem, hoa):
    client = client_for(chauvanliem)
    for url in _urls(hoa):
        assert client.get(url).status_code == 404, url
    step = client.post(f"/registry/people/{hoa.pk}/id-card/", {"kind": "sent_for_production", "on": "2024-02-01"})
    assert step.status_code == 404
    edit = client.post(f"/registry/people/{hoa.pk}/edit/", {"full_name": "X", "reason": "x"})
    assert edit.status_code == 404
    denied = AuditEntry.objects.filter(action="denied", actor=chauvanliem)
    assert denied.filter(object_type="registry.Person").count() == 6
    assert denied.filter(object_type="registry.Household").count() == 2
    assert Person.objects.get(pk=hoa.pk).full_name == "Trần Thị Hòa"
    assert hoa.card_applications.get().status == CardStep.COLLECTED


def test_the_auditor_reads_none_of_it(client_for, kiemtra, hoa):
    client = client_for(kiemtra)
    for url in [*_urls(hoa), "/registry/id-cards/", "/registry/people/add/", "/api/registry/id-cards/wards"]:
        assert client.get(url).status_code == 403, url


def test_statistics_may_read_but_not_correct(client_for, thongke, hoa):
    client = client_for(thongke)
    assert client.get(f"/registry/people/{hoa.pk}/").status_code == 200
    assert client.get(f"/registry/people/{hoa.pk}/edit/").status_code == 403
    assert client.get("/registry/people/add/").status_code == 403
    assert client.post(f"/registry/people/{hoa.pk}/id-card/", {"kind": "rejected", "on": "2024-02-01"}).status_code == 403


def test_collection_figures_of_a_unit_outside_the_jurisdiction_are_refused(client_for, anhoa, hoa):
    client = client_for(anhoa)
    own = client.get("/api/registry/id-cards/collection", {"unit": "31120", "era": "legacy", "end": "2024-12-14"})
    assert own.status_code == 200
    assert own.json()["eligible"] == 1
    assert own.json()["applications"] == 1
    other = client.get("/api/registry/id-cards/collection", {"unit": "31153", "end": "2024-12-14"})
    assert other.status_code == 404
    district = client.get("/api/registry/id-cards/collection", {"unit": "916", "end": "2024-12-14"})
    assert district.status_code == 404


def test_the_wards_api_lists_only_the_users_wards(client_for, chauvanliem, ninhkieu, hoa):
    PersonFactory(unit_code="31153", full_name="Phạm Văn Môn")
    assert [r["unit_code"] for r in client_for(chauvanliem).get("/api/registry/id-cards/wards",
                                                                {"end": "2024-12-14"}).json()] == ["31153"]
    rows = client_for(ninhkieu).get("/api/registry/id-cards/wards", {"end": "2024-12-14"}).json()
    assert [r["unit_code"] for r in rows] == ["31120"]
    assert rows[0]["collected"] == 1


def test_new_pages_are_audited(client_for, anhoa, hoa):
    client = client_for(anhoa)
    client.get(f"/registry/households/{hoa.household_id}/")
    client.get("/registry/id-cards/")
    client.get(f"/api/registry/people/{hoa.pk}/history")
    assert AuditEntry.objects.filter(action="view", object_type="registry.Household", actor=anhoa).exists()
    assert AuditEntry.objects.filter(action="list", object_type="registry.IdCardApplication", actor=anhoa).exists()
    assert AuditEntry.objects.filter(action="view", object_id=str(hoa.pk), detail__history=True).exists()
