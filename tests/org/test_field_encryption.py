"""Personal data sealed at rest: no plain value in any personal column, still found by ID and by
name without diacritics, a wrong key fails loudly, rotation and the in-place migration of a
plain database keep everything readable (`congan keys`)."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from congan import vntext
from congan.config.keys import UnknownKey, parse_keyring
from congan.dataquality.models import CleansingRun, Finding
from congan.org import crypto, sealing
from congan.org.models import Job
from congan.registry.models import (
    Household,
    HouseholdAddressIndex,
    IdentityDocument,
    Person,
    PersonChange,
    PersonNameIndex,
    Place,
)
from congan.registry.search import address_matches, name_matches, people_with_number, search_people
from tests.campaigns.factories import ReceiptFactory, WantedFactory
from tests.cases.factories import SuspectFactory
from tests.registry.factories import PersonFactory, household

OLD = "old1:" + "o" * 40
NEW = "new1:" + "n" * 40

PLAIN = {"Trần Thị Hòa", "092190000001", "361234567", "1990-04-02", "Số 7 Lê Lợi", "Trần Văn Cha",
         "Lê Thị Mẹ", "Xã Mỹ Khánh", "Hẻm 51 Mậu Thân", "092190000999", "Ông Năm Giao"}


@pytest.fixture
def hoa(db, anhoa):
    person = PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", id_number="092190000001",
                           date_of_birth=date(1990, 4, 2), address="Số 7 Lê Lợi", father_name="Trần Văn Cha",
                           mother_name="Lê Thị Mẹ", hometown="Xã Mỹ Khánh", sex="Nữ")
    IdentityDocument.objects.create(person=person, kind="cmnd", number="361234567", valid=False)
    Place.objects.create(person=person, kind="current", address="Số 7 Lê Lợi", unit=person.unit)
    PersonChange.objects.create(person=person, actor=anhoa, reason="x", changes={"address": ["Số 1", "Số 7 Lê Lợi"]})
    SuspectFactory(full_name="Trần Văn Cha")
    WantedFactory(full_name="Lê Thị Mẹ")
    ReceiptFactory(handed_in_by="Ông Năm Giao")
    home = household("HH-HOA", address="Hẻm 51 Mậu Thân, Phường An Hòa")
    Person.objects.filter(pk=person.pk).update(household=home)
    run = CleansingRun.objects.create(lower=0.5, upper=0.9)
    Finding.objects.create(run=run, person=person, field="address", code="unknown_unit",
                           message="no ward recognised in 'Hẻm 51 Mậu Thân'")
    Job.objects.create(kind="import", requested_by=anhoa, label="residents.csv",
                       rejects=[{"row": 2, "field": "id_number", "value": "092190000999", "reason": "x"}])
    return person


def _raw_values():
    """Every non-empty value of every sealed column, read by plain SQL."""
    for model in sealing.sealed_models():
        for f in crypto.encrypted_fields(model):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {connection.ops.quote_name(f.column)} FROM "  # noqa: S608
                               f"{connection.ops.quote_name(model._meta.db_table)}")
                for (value,) in cursor.fetchall():
                    if value not in (None, ""):
                        yield f.context(), value


def _found(user, query, **kw):
    return [p.full_name for p in search_people(user, query=query, **kw)]


def test_a_raw_sql_read_of_every_personal_column_returns_no_plain_value(hoa, anhoa):
    values = list(_raw_values())
    columns = {c for c, _ in values}
    assert {"registry_person.full_name", "registry_person.id_number", "registry_person.date_of_birth",
            "registry_person.address", "registry_person.father_name", "registry_person.mother_name",
            "registry_person.hometown", "registry_identitydocument.number", "registry_place.address",
            "registry_personchange.changes", "cases_suspect.full_name", "campaigns_wantedperson.full_name",
            "registry_household.address", "dataquality_finding.message", "org_job.rejects",
            "campaigns_receipt.handed_in_by"} <= columns
    for column, value in values:
        assert value.startswith(crypto.PREFIX), column
        assert not any(p in value for p in PLAIN), column
    # nor do the blind indexes beside them hold the value
    row = Person.objects.filter(pk=hoa.pk).values("id_number_bidx", "birth_year").get()
    assert "092190000001" not in row["id_number_bidx"] and row["birth_year"] == 1990
    # and the model reads them back plain
    hoa = Person.objects.get(pk=hoa.pk)
    assert (hoa.full_name, hoa.id_number, hoa.date_of_birth) == ("Trần Thị Hòa", "092190000001", date(1990, 4, 2))
    assert hoa.household.address == "Hẻm 51 Mậu Thân, Phường An Hòa"
    assert Job.objects.get().rejects[0]["value"] == "092190000999"


def test_found_by_id_number_and_by_name_without_diacritics(hoa, anhoa):
    assert _found(anhoa, "092190000001") == ["Trần Thị Hòa"]
    assert _found(anhoa, "361 234 567") == ["Trần Thị Hòa"]
    assert _found(anhoa, "tran thi hoa", birth_year=1990) == ["Trần Thị Hòa"]
    assert _found(anhoa, "TRAN THI H") == ["Trần Thị Hòa"]
    assert _found(anhoa, "hoa") == ["Trần Thị Hòa"]
    assert _found(anhoa, "tran thi hoa", birth_year=1991) == []


def test_an_encrypted_field_cannot_be_compared_in_sql(hoa):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError, match="encrypted"):
        Person.objects.filter(full_name="Trần Thị Hòa").count()


def test_a_wrong_key_fails_loudly(hoa):
    ring = crypto.keyring()
    wrong = parse_keyring("CONGAN_DATA_KEY", f"{ring.current_id}:{'w' * 40}")
    with override_settings(CONGAN_DATA_KEYS=wrong), pytest.raises(crypto.DecryptionFailed, match="wrong CONGAN_DATA_KEY"):
        Person.objects.get(pk=hoa.pk)
    other = parse_keyring("CONGAN_DATA_KEY", f"other:{'w' * 40}")
    with override_settings(CONGAN_DATA_KEYS=other), pytest.raises(UnknownKey):
        Person.objects.get(pk=hoa.pk)
    with override_settings(CONGAN_DATA_KEYS=wrong):
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(crypto.DecryptionFailed):
            call_command("keys", "check", stdout=out, stderr=err)


def test_a_changed_or_moved_value_does_not_open(hoa):
    table = Person._meta.db_table
    with connection.cursor() as cursor:  # the father's sealed name copied into the name column
        cursor.execute(f"UPDATE {table} SET full_name = father_name WHERE id = %s", [hoa.pk])  # noqa: S608
    with pytest.raises(crypto.DecryptionFailed):
        Person.objects.get(pk=hoa.pk)


def _keys(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("keys", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_rotation_leaves_everything_readable_and_findable(db, anhoa):
    with override_settings(CONGAN_DATA_KEYS=parse_keyring("CONGAN_DATA_KEY", OLD)):
        hoa = PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", id_number="092190000001",
                            date_of_birth=date(1990, 4, 2), address="Số 7 Lê Lợi")
        IdentityDocument.objects.create(person=hoa, kind="cmnd", number="361234567", valid=False)
    both = parse_keyring("CONGAN_DATA_KEY", f"{NEW}\n{OLD}")
    with override_settings(CONGAN_DATA_KEYS=both):
        code, out, _ = _keys("check")
        assert code == 1 and "old1: " in out
        # before the rotation, mid-way: the ring holds both, searches look under both
        assert _found(anhoa, "092190000001") == ["Trần Thị Hòa"]
        code, out, _ = _keys("rotate", "--batch", "1")
        assert code == 0, out
        assert "every personal value is sealed under the current key new1" in out
        assert all(crypto.key_id_of(v) == "new1" for _, v in _raw_values())
        again = _keys("rotate")  # resumable: a second run has nothing left to do
        assert "rotate: 0 values rewritten" in again[1]
    with override_settings(CONGAN_DATA_KEYS=parse_keyring("CONGAN_DATA_KEY", NEW)):  # the old key retired
        person = Person.objects.get(pk=hoa.pk)
        assert (person.full_name, person.date_of_birth, person.address) == ("Trần Thị Hòa", date(1990, 4, 2), "Số 7 Lê Lợi")
        assert _found(anhoa, "092190000001") == ["Trần Thị Hòa"]
        assert _found(anhoa, "361234567") == ["Trần Thị Hòa"]
        assert _found(anhoa, "tran thi hoa") == ["Trần Thị Hòa"]


def _unseal_everything():
    """Turn the database back into one from before the encryption: plain values, no blind index."""
    for model in sealing.sealed_models():
        fields = crypto.encrypted_fields(model)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            cursor.execute(f"SELECT id, {cols} FROM {table}")  # noqa: S608
            rows = cursor.fetchall()
            sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s",  # noqa: S608
                               [(*(crypto.unseal(v, f.context()) for f, v in zip(fields, r[1:], strict=True)), r[0])
                                for r in rows])
    Person.objects.update(id_number_bidx="")
    IdentityDocument.objects.update(number_bidx="")
    PersonNameIndex.objects.all().delete()
    HouseholdAddressIndex.objects.all().delete()


def test_the_migration_of_a_plain_demo_database_in_place(db, anhoa, monkeypatch):
    from congan.registry import demo

    demo.load(residents=300, seed=3, stdout=io.StringIO())
    sample = Person.objects.exclude(id_number_bidx="").order_by("id").first()
    name, number = sample.full_name, sample.id_number
    people = Person.objects.count()
    _unseal_everything()
    assert any(v == name for _, v in _raw_values())
    assert _found(anhoa, number) == []  # no blind index yet

    code, out, _ = _keys("check")
    assert code == 1 and f"registry_person.full_name: sealed 0 (-), plain {people}, empty 0" in out

    # an interrupted migration: one batch done, then it stops; run again, it finishes
    monkeypatch.setattr(sealing, "BATCH", 50)
    done = iter(range(10**6))

    def stop_after_first(label, rows):
        if label == "registry.Person" and next(done) == 0:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        sealing.reseal(plain=True, older=False, progress=stop_after_first)
    partial = sealing.check()["registry_person.full_name"]
    assert (partial.sealed, partial.plain) == (50, people - 50)

    code, out, _ = _keys("migrate")
    assert code == 0, out
    assert f"registry_person.full_name: sealed {people} " in out and "plain 0" in out
    assert not any(not v.startswith(crypto.PREFIX) for _, v in _raw_values())
    assert Person.objects.get(pk=sample.pk).full_name == name
    assert sample.pk in set(people_with_number(number))
    assert sample.pk in name_matches(Person.objects.all(), vntext.fold(name))
    home = Household.objects.get(pk=sample.household_id)
    assert home.pk in address_matches(Household.objects.all(), vntext.fold(home.address))


def test_the_data_migration_seals_and_indexes_plain_household_addresses(db, anhoa):
    from importlib import import_module

    from django.apps import apps

    homes = [household(f"HH-{i}", address=f"Số {i}, đường Mậu Thân, Phường An Hòa") for i in range(3)]
    table = Household._meta.db_table
    with connection.cursor() as cursor:  # as 0008 leaves a database from before: plain, no index
        cursor.execute(f"UPDATE {table} SET address = 'Số 9, đường Mậu Thân, Phường An Hòa' WHERE id = %s",  # noqa: S608
                       [homes[0].pk])
    HouseholdAddressIndex.objects.filter(household_id=homes[0].pk).delete()
    assert sealing.check()["registry_household.address"].plain == 1
    assert address_matches(Household.objects.all(), "mau than so 9") == []

    import_module("congan.registry.migrations.0009_seal_household_addresses").seal_addresses(apps, None)
    count = sealing.check()["registry_household.address"]
    assert (count.plain, count.sealed) == (0, 3)
    assert address_matches(Household.objects.all(), "so 9, duong mau") == [homes[0].pk]
    assert sorted(address_matches(Household.objects.all(), "Mậu Thân")) == sorted(h.pk for h in homes)
