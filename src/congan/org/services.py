"""Work across organisation records: loading units, mirroring police units, demo accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from congan import units as unitdata
from congan.org import jurisdiction
from congan.org.models import AdminUnit, PoliceUnit, Role, UnitSuccession, User

_POLICE_PREFIX = {
    "Thành phố": "Công an thành phố", "Tỉnh": "Công an tỉnh", "Quận": "Công an quận",
    "Huyện": "Công an huyện", "Thị xã": "Công an thị xã", "Phường": "Công an phường",
    "Xã": "Công an xã", "Thị trấn": "Công an thị trấn", "Đặc khu": "Công an đặc khu",
}


@transaction.atomic
def load_admin_units() -> dict[str, int]:
    """Load (or refresh) every unit of both eras, the old→new mapping and the city's police units.

    Idempotent: run again after a package upgrade, existing rows are kept and new ones added.
    """
    existing = {(u.level, u.code, u.era): u.id for u in AdminUnit.objects.only("id", "level", "code", "era")}
    created = 0
    for era in unitdata.ERAS:
        for level in (unitdata.PROVINCE, unitdata.DISTRICT, unitdata.WARD):
            batch = []
            for u in unitdata.load_units(era):
                if u.level != level or (level, u.code, era) in existing:
                    continue
                parent_level = unitdata.PROVINCE if level == unitdata.DISTRICT or era == unitdata.Y2025 else unitdata.DISTRICT
                batch.append(AdminUnit(
                    code=u.code, era=era, level=level, name=u.name, short_name=u.short_name,
                    type=u.type, province_code=u.province_code,
                    parent_id=existing.get((parent_level, u.parent_code, era)) if u.parent_code else None,
                ))
            for obj in AdminUnit.objects.bulk_create(batch, batch_size=2000):
                existing[(obj.level, obj.code, obj.era)] = obj.id
            if not batch or batch[0].pk is None:  # backends that don't return ids
                existing.update({(u.level, u.code, u.era): u.id for u in AdminUnit.objects.filter(era=era, level=level)})
            created += len(batch)

    have = set(UnitSuccession.objects.values_list("old_id", "new_id"))
    succ = []
    for old in unitdata.load_units(unitdata.LEGACY):
        if old.level != unitdata.WARD:
            continue
        old_id = existing[(unitdata.WARD, old.code, unitdata.LEGACY)]
        for new_code, is_default in unitdata.old_to_new(old.code):
            new_id = existing[(unitdata.WARD, new_code, unitdata.Y2025)]
            if (old_id, new_id) not in have:
                have.add((old_id, new_id))
                succ.append(UnitSuccession(old_id=old_id, new_id=new_id, is_default=is_default))
    UnitSuccession.objects.bulk_create(succ, batch_size=5000)
    police = mirror_police_units(settings.CONGAN_CITY_CODE)
    jurisdiction.clear_cache()
    return {"units": created, "successions": len(succ), "police_units": police}


def _police_name(unit: AdminUnit) -> str:
    prefix = _POLICE_PREFIX.get(unit.type, "Công an")
    name = unit.short_name
    return f"{prefix} {name}"


def mirror_police_units(city_code: str) -> int:
    """City police over the 2025 city; district and ward police over each unit of the city."""
    city = AdminUnit.objects.get(level=unitdata.PROVINCE, era=unitdata.Y2025, code=city_code)
    have = set(PoliceUnit.objects.values_list("admin_unit_id", flat=True))
    city_police, created_city = PoliceUnit.objects.get_or_create(
        admin_unit=city, defaults={"name": _police_name(city)}
    )
    area = jurisdiction.unit_ids(city.id)
    created = int(created_city)
    for unit in AdminUnit.objects.filter(id__in=area, level=unitdata.DISTRICT).order_by("code"):
        if unit.id not in have:
            PoliceUnit.objects.create(admin_unit=unit, name=_police_name(unit), parent=city_police)
            created += 1
    districts = {p.admin_unit_id: p for p in PoliceUnit.objects.filter(admin_unit__level=unitdata.DISTRICT)}
    new = []
    for unit in AdminUnit.objects.filter(id__in=area, level=unitdata.WARD).order_by("era", "code"):
        if unit.id in have:
            continue
        name = _police_name(unit)
        if unit.era == unitdata.LEGACY:
            name = f"{name} ({unit.parent.short_name}, trước 01/7/2025)"
        parent = districts.get(unit.parent_id, city_police)
        new.append(PoliceUnit(admin_unit=unit, name=name, parent=parent))
    PoliceUnit.objects.bulk_create(new, batch_size=2000)
    return created + len(new)


def police_unit(code: str, era: str, level: str | None = None) -> PoliceUnit:
    lookup = {"admin_unit__code": code, "admin_unit__era": era}
    if level:
        lookup["admin_unit__level"] = level
    return PoliceUnit.objects.select_related("admin_unit").get(**lookup)


#: The demo's people, as STYLE.md names them: who may do what reads like a story.
DEMO_ACCOUNTS = [
    # username, role, unit (code, era, level), full name
    ("lanhdao", Role.CITY_LEADER, ("92", unitdata.Y2025, unitdata.PROVINCE), "Trần Văn Lãnh"),
    ("thongke", Role.STATISTICS, ("92", unitdata.Y2025, unitdata.PROVINCE), "Lê Thị Thống"),
    ("ninhkieu", Role.DISTRICT_OFFICER, ("916", unitdata.LEGACY, unitdata.DISTRICT), "Phạm Văn Kiều"),
    ("anhoa", Role.WARD_OFFICER, ("31120", unitdata.LEGACY, unitdata.WARD), "Nguyễn Thị Hòa"),
    ("xuankhanh", Role.WARD_OFFICER, ("31144", unitdata.LEGACY, unitdata.WARD), "Huỳnh Văn Khánh"),
    ("chauvanliem", Role.WARD_OFFICER, ("31153", unitdata.LEGACY, unitdata.WARD), "Lý Văn Liêm"),
    ("ninhkieu2025", Role.WARD_OFFICER, ("31135", unitdata.Y2025, unitdata.WARD), "Võ Thị Ninh"),
    ("nhaplieu", Role.DATA_CLERK, ("31120", unitdata.LEGACY, unitdata.WARD), "Đặng Thị Liệu"),
    ("kiemtra", Role.AUDITOR, ("92", unitdata.Y2025, unitdata.PROVINCE), "Bùi Văn Kiểm"),
    ("quantri", Role.ADMIN, ("92", unitdata.Y2025, unitdata.PROVINCE), "Đỗ Văn Trị"),
]
DEMO_PASSWORD = "congan-demo-2026"  # noqa: S105 - published demo password, demo data only


def create_demo_accounts(password: str = DEMO_PASSWORD) -> list[User]:
    users = []
    for username, role, (code, era, level), full_name in DEMO_ACCOUNTS:
        surname, _, given = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "unit": police_unit(code, era, level),
                      "first_name": given, "last_name": surname},
        )
        if created:
            user.set_password(password)
            user.is_staff = role == Role.ADMIN
            user.save()
        users.append(user)
    return users
