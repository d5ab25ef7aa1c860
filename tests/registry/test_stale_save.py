"""No lost update: two clerks open the same resident and each changes a different field; the
second save is refused naming what changed meanwhile, and nothing of it is written."""

from __future__ import annotations

import pytest
from django.test import Client

from congan.org.models import AuditEntry
from congan.org.versioning import StaleRecord
from congan.registry.models import Person
from tests.cases.factories import CaseFactory
from tests.registry.factories import PersonFactory
from tests.support.rules import call_api, open_form, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoa(db):
    return PersonFactory(unit_code="31120", full_name="Trần Thi Hoà", sex="Nữ", ethnicity="Kinh", religion="Không")


def test_the_second_of_two_stale_forms_is_refused(client_for, anhoa, nhaplieu, hoa):
    url = f"/registry/people/{hoa.pk}/edit/"
    first = client_for(anhoa)
    second = Client()  # another clerk, in another browser
    second.force_login(nhaplieu, backend="django.contrib.auth.backends.ModelBackend")
    form_a, form_b = open_form(first, url), open_form(second, url)
    assert 'type="hidden" name="version" value="1"' in first.get(url).text  # the page carries what it read

    assert post_form(first, url, {**form_a, "full_name": "Trần Thị Hòa", "reason": "Sai dấu"}) == {}
    errors = post_form(second, url, {**form_b, "religion": "Phật giáo", "reason": "Theo tờ khai"})

    message = errors["__all__"][0]
    assert "phiên bản 1, nay là 2" in message
    assert "Họ và tên: “Trần Thi Hoà” → “Trần Thị Hòa”" in message
    hoa.refresh_from_db()
    assert (hoa.full_name, hoa.religion, hoa.version) == ("Trần Thị Hòa", "Không", 2)
    assert list(hoa.changes.values_list("changes", flat=True)) == [{"full_name": ["Trần Thi Hoà", "Trần Thị Hòa"]}]
    assert AuditEntry.objects.filter(action="update", object_id=str(hoa.pk)).count() == 1


def test_the_clerk_who_reopens_the_record_can_save(client_for, anhoa, hoa):
    client = client_for(anhoa)
    url = f"/registry/people/{hoa.pk}/edit/"
    stale = open_form(client, url)
    assert post_form(client, url, {**stale, "full_name": "Trần Thị Hòa", "reason": "Sai dấu"}) == {}
    fresh = open_form(client, url)
    assert post_form(client, url, {**fresh, "religion": "Phật giáo", "reason": "Theo tờ khai"}) == {}
    hoa.refresh_from_db()
    assert (hoa.full_name, hoa.religion, hoa.version) == ("Trần Thị Hòa", "Phật giáo", 3)


def test_the_second_of_two_stale_api_calls_is_refused(client_for, anhoa, hoa):
    client = client_for(anhoa)
    url = f"/api/registry/people/{hoa.pk}"
    status, _ = call_api(client, "patch", url, {"version": 1, "reason": "Sai dấu", "full_name": "Trần Thị Hòa"})
    assert status == 200
    status, body = call_api(client, "patch", url, {"version": 1, "reason": "Theo tờ khai", "religion": "Phật giáo"})
    assert status == 409
    assert (body["version"], body["changed"]) == (2, ["full_name"])
    hoa.refresh_from_db()
    assert (hoa.full_name, hoa.religion, hoa.version) == ("Trần Thị Hòa", "Không", 2)


def test_an_api_update_without_the_version_read_is_refused(client_for, anhoa, hoa):
    status, body = call_api(client_for(anhoa), "patch", f"/api/registry/people/{hoa.pk}",
                            {"reason": "Sai dấu", "full_name": "Trần Thị Hòa"})
    assert status == 422 and "version" in body["errors"]
    hoa.refresh_from_db()
    assert hoa.full_name == "Trần Thi Hoà"


def test_two_saves_that_race_cannot_both_win(hoa):
    """The check in the form is not the only guard: the save claims the version it read."""
    one, other = Person.objects.get(pk=hoa.pk), Person.objects.get(pk=hoa.pk)
    one.full_name = "Trần Thị Hòa"
    one.save()
    other.religion = "Phật giáo"
    with pytest.raises(StaleRecord):
        other.save()
    hoa.refresh_from_db()
    assert (hoa.full_name, hoa.religion, hoa.version) == ("Trần Thị Hòa", "Không", 2)


def test_a_stale_case_form_and_api_call_are_refused(client_for, anhoa):
    case = CaseFactory(articles="173", summary="")
    client = client_for(anhoa)
    url = f"/cases/{case.pk}/edit/"
    stale = open_form(client, url)
    assert post_form(client, url, {**stale, "summary": "Mất xe máy"}) == {}
    errors = post_form(client, url, {**stale, "articles": "173.1"})
    assert "Tóm tắt: “” → “Mất xe máy”" in errors["__all__"][0]
    status, body = call_api(client, "patch", f"/api/cases/cases/{case.pk}", {"version": 1, "articles": "173.1"})
    assert status == 409 and body["changed"] == ["summary"], body
    case.refresh_from_db()
    assert (case.articles, case.summary, case.version) == ("173", "Mất xe máy", 2)


def test_a_changed_choice_is_named_by_its_label(client_for, anhoa, hoa):
    url = f"/registry/people/{hoa.pk}/edit/"
    client = client_for(anhoa)
    stale = open_form(client, url)
    assert post_form(client, url, {**stale, "sex": "Nam", "reason": "Nhầm giới tính"}) == {}
    errors = post_form(client, url, {**stale, "religion": "Phật giáo", "reason": "Theo tờ khai"})
    assert "“Nữ” → “Nam”" in errors["__all__"][0]
