"""Registry test data: residents, households, ID-card applications with dated steps; resident
rows and files as the residents import reads them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import factory
from factory.django import DjangoModelFactory

from congan import units as unitdata
from congan.registry.importers import RESIDENT_COLUMNS
from congan.registry.models import CardStep, Household, IdCardApplication, IdCardStep, Person
from tests.org.factories import unit


class PersonFactory(DjangoModelFactory):
    """A resident of An Hòa (before 2025) unless told otherwise; a valid CCCD of a man born in 1990."""

    class Meta:
        model = Person

    class Params:
        unit_code = "31120"
        era = unitdata.LEGACY

    record_id = factory.Sequence(lambda n: f"T{n:07d}")
    full_name = "Nguyễn Văn An"
    date_of_birth = date(1990, 1, 1)
    sex = "Nam"
    id_number = factory.Sequence(lambda n: f"0920900{n:05d}")
    unit = factory.LazyAttribute(lambda o: unit(o.unit_code, o.era))


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    class Params:
        unit_code = "31120"
        era = unitdata.LEGACY

    code = factory.Sequence(lambda n: f"HK{n:06d}")
    unit = factory.LazyAttribute(lambda o: unit(o.unit_code, o.era))
    address = "Số 1, Phường An Hòa"


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = IdCardApplication

    class Params:
        unit_code = "31120"

    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda o: unit(o.unit_code))
    status = CardStep.COLLECTED
    collected_on = date(2024, 1, 10)
    last_step_on = factory.SelfAttribute("collected_on")


class StepFactory(DjangoModelFactory):
    class Meta:
        model = IdCardStep

    application = factory.SubFactory(ApplicationFactory)
    kind = CardStep.COLLECTED
    on = date(2024, 1, 10)
    unit = factory.LazyAttribute(lambda o: o.application.unit)


def application(person, steps: list[tuple[str, date]], unit_code: str = "31120") -> IdCardApplication:
    """An application with the given (step, date) rows, written as they happened."""
    app = ApplicationFactory(person=person, unit_code=unit_code, status=steps[-1][0], collected_on=steps[0][1],
                             last_step_on=steps[-1][1])
    for kind, on in steps:
        StepFactory(application=app, kind=kind, on=on)
    return app


def household(code: str, unit_code: str = "31120", era: str = unitdata.LEGACY, **fields) -> Household:
    return HouseholdFactory(code=code, unit_code=unit_code, era=era, **fields)


COLLECTED = CardStep.COLLECTED


def resident_row(record_id: str, **fields) -> dict[str, str]:
    row = {
        "record_id": record_id, "source": "test", "full_name": "Nguyễn Văn An",
        "date_of_birth": "15/03/1990", "sex": "Nam", "id_number": "092090123456",
        "hometown": "Xã Thạnh Lộc, Huyện Vĩnh Thạnh, Thành phố Cần Thơ",
        "address": "Số 5, Đường Mậu Thân, Phường An Hòa, Quận Ninh Kiều, Thành phố Cần Thơ",
        "father_name": "Nguyễn Văn Ba", "mother_name": "Trần Thị Tư", "household_id": "HT0001",
        "relation_to_head": "Chủ hộ", "ethnicity": "Kinh", "religion": "Không",
    }
    row.update(fields)
    return row


def residents_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, errors="replace", newline="") as f:
        out = csv.DictWriter(f, fieldnames=RESIDENT_COLUMNS)
        out.writeheader()
        out.writerows(rows)
    return path
