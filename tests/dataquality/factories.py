"""Registry records whose scores under the test model are known: an uncertain pair (birth
month differs and no sex on the second, ≈ 0.85), a strong pair (birth month differs, ≈ 0.92),
clean singletons."""

from __future__ import annotations

from datetime import date

from congan.dataquality import services
from congan.dataquality.models import ReviewPair
from tests.registry.factories import PersonFactory

ADDRESSES = {
    "31120": "Số 5, Đường Mậu Thân, Phường An Hòa, Quận Ninh Kiều, Thành phố Cần Thơ",
    "31144": "Số 12, Đường 3 Tháng 2, Phường Xuân Khánh, Quận Ninh Kiều, Thành phố Cần Thơ",
    "31153": "Số 8, Đường 26 Tháng 3, Phường Châu Văn Liêm, Quận Ô Môn, Thành phố Cần Thơ",
}


def resident(unit_code: str = "31120", *, address_of: str | None = None, **fields):
    defaults = {"source": "household_book", "address": ADDRESSES[address_of or unit_code],
                "father_name": "", "mother_name": "", "id_number": ""}
    defaults.update(fields)
    return PersonFactory(unit_code=unit_code, **defaults)


def full_record(unit_code: str, given: str, number: str, *, day: int = 15,
                father: str = "Nguyễn Văn Cư", **fields):
    return resident(unit_code, full_name=f"Nguyễn Văn {given}", date_of_birth=date(1985, 3, day), sex="Nam",
                    id_number=number, father_name=father, mother_name="Lê Thị Dung", **fields)


def uncertain_pair(unit_code: str = "31120", *, given: str = "Bình", number: str = "092085001234",
                   other_unit: str | None = None, day: int = 15, father: str = "Nguyễn Văn Cư"):
    """Two records of one name, birth month differs, the second without ID, parents or sex.

    Pairs made in one test need a different `day` and `father`, or they are siblings."""
    a = full_record(unit_code, given, number, day=day, father=father)
    b = resident(other_unit or unit_code, address_of=unit_code, full_name=f"Nguyễn Văn {given}",
                 date_of_birth=date(1985, 4, day), sex="", source="cmnd")
    return a, b


def strong_pair(unit_code: str = "31120", *, given: str = "Tâm", number: str = "092085004321"):
    """Two records the model joins (≈ 0.97): the second's birth month differs."""
    a = full_record(unit_code, given, number, day=8, father="Nguyễn Văn Tư")
    b = resident(unit_code, full_name=f"Nguyễn Văn {given}", date_of_birth=date(1985, 4, 8), sex="Nam",
                 source="cmnd")
    return a, b


def pair_of(a, b) -> ReviewPair:
    left, right = sorted((a.pk, b.pk))
    return ReviewPair.objects.get(left_id=left, right_id=right, status__in=["pending", "merged", "kept_apart"])


def run(model, **kwargs):
    return services.run_cleansing(actor=None, model=model, **kwargs)
