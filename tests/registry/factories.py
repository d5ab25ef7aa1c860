"""Registry test data: households, documents and ID-card applications with dated steps."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from congan.registry.importers import RESIDENT_COLUMNS
from congan.registry.models import CardStep, Household, IdCardApplication, IdCardStep
from tests import factories


def household(code: str, unit_code: str = "31120", era: str = "legacy") -> Household:
    return Household.objects.create(code=code, unit=factories.unit(unit_code, era), address="Số 1, Phường An Hòa")


def application(person, steps: list[tuple[str, date]], unit_code: str = "31120") -> IdCardApplication:
    """An application with the given (step, date) rows, written as they happened."""
    unit = factories.unit(unit_code)
    app = IdCardApplication.objects.create(person=person, unit=unit, status=steps[-1][0], collected_on=steps[0][1])
    for kind, on in steps:
        IdCardStep.objects.create(application=app, kind=kind, on=on, unit=unit)
    return app


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
