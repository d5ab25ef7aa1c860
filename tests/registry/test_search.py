"""Find a resident by CCCD or old CMND number, or by name with or without diacritics plus year."""

from datetime import date

import pytest

from congan.registry.models import IdentityDocument
from tests.registry.factories import PersonFactory


@pytest.fixture
def people(db):
    hoa = PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", id_number="092190000001", date_of_birth=date(1990, 4, 2))
    IdentityDocument.objects.create(person=hoa, kind="cmnd", number="361234567", valid=False)
    PersonFactory(unit_code="31120", full_name="Trần Thị Hoàng", id_number="092190000002", date_of_birth=date(1991, 1, 1))
    PersonFactory(unit_code="31120", full_name="Đặng Văn Đức", id_number="", date_of_birth=None, birth_year=1960)
    return hoa


def _names(client, **query):
    return [p.full_name for p in client.get("/registry/", query).context["results"]]


def test_by_cccd_and_by_old_cmnd(client_for, anhoa, people):
    client = client_for(anhoa)
    assert _names(client, q="092190000001") == ["Trần Thị Hòa"]
    assert _names(client, q="092 190 000 001") == ["Trần Thị Hòa"]
    assert _names(client, q="361234567") == ["Trần Thị Hòa"]


def test_by_name_without_diacritics_and_year(client_for, anhoa, people):
    client = client_for(anhoa)
    assert _names(client, q="tran thi hoa") == ["Trần Thị Hòa", "Trần Thị Hoàng"]
    assert _names(client, q="tran thi hoa", year=1990) == ["Trần Thị Hòa"]
    assert _names(client, q="TRẦN THỊ HOÀNG") == ["Trần Thị Hoàng"]
    assert _names(client, q="dang van duc", year=1960) == ["Đặng Văn Đức"]
    assert _names(client, q="duc") == ["Đặng Văn Đức"]
    assert _names(client, q="thi hoa") == []


def test_the_api_searches_the_same_way(client_for, anhoa, people):
    found = client_for(anhoa).get("/api/registry/people", {"q": "361234567"}).json()
    assert [p["full_name"] for p in found] == ["Trần Thị Hòa"]
