"""The one jurisdiction filter: every query for personal data or records goes through here.

A user sees the records of their police unit's area:
- city police: every unit of the city in both eras (old Hậu Giang and Sóc Trăng included);
- district police: the district's wards, and the 2025 wards that lie wholly inside it;
- ward police: the ward, and for a 2025 ward the old wards that became (part of) it, since
  its police hold those wards' old files.
Roles without access to personal data (auditor) see nothing here.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from congan import units as unitdata
from congan.org import audit
from congan.org.models import AdminUnit, UnitSuccession
from congan.org.roles import EDIT_ROLES, RECORD_ROLES


def _city_provinces(unit: AdminUnit) -> list[str]:
    olds = AdminUnit.objects.filter(
        level=unitdata.PROVINCE, era=unitdata.LEGACY,
        id__in=AdminUnit.objects.filter(
            level=unitdata.WARD, era=unitdata.LEGACY,
            id__in=UnitSuccession.objects.filter(new__province_code=unit.province_code).values("old"),
        ).values("parent__parent"),
    ).values_list("code", flat=True)
    return sorted({unit.province_code, *olds})


@lru_cache(maxsize=4096)
def unit_ids(admin_unit_id: int) -> frozenset[int]:
    """Ids of every administrative unit (either era) inside the area of a unit."""
    unit = AdminUnit.objects.get(pk=admin_unit_id)
    if unit.level == unitdata.PROVINCE:
        provinces = _city_provinces(unit) if unit.era == unitdata.Y2025 else [unit.province_code]
        return frozenset(AdminUnit.objects.filter(province_code__in=provinces).values_list("id", flat=True))
    if unit.level == unitdata.DISTRICT:
        wards = set(AdminUnit.objects.filter(parent=unit).values_list("id", flat=True))
        succ = UnitSuccession.objects.filter(old_id__in=wards).values_list("new_id", flat=True)
        whole = {
            new_id for new_id in set(succ)
            if set(UnitSuccession.objects.filter(new_id=new_id).values_list("old_id", flat=True)) <= wards
        }
        return frozenset({unit.id, *wards, *whole})
    ids = {unit.id}
    if unit.era == unitdata.Y2025:
        ids |= set(UnitSuccession.objects.filter(new=unit).values_list("old_id", flat=True))
    return frozenset(ids)


def city_unit() -> AdminUnit:
    """The (2025) city this installation serves: settings.CONGAN_CITY_CODE."""
    return AdminUnit.objects.get(level=unitdata.PROVINCE, era=unitdata.Y2025, code=settings.CONGAN_CITY_CODE)


def city_unit_ids() -> frozenset[int]:
    """Every unit, of either era, inside the city (old Hậu Giang and Sóc Trăng included)."""
    return unit_ids(city_unit().id)


def user_unit_ids(user) -> frozenset[int]:
    if not user.is_authenticated or user.role not in RECORD_ROLES or user.unit_id is None:
        return frozenset()
    return unit_ids(user.unit.admin_unit_id)


def scope(queryset: QuerySet, user, field: str = "unit") -> QuerySet:
    """Restrict a queryset of records to the user's jurisdiction (`field` is the unit FK path)."""
    ids = user_unit_ids(user)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": ids})


def can_see_unit(user, admin_unit_id: int | None) -> bool:
    return admin_unit_id is not None and admin_unit_id in user_unit_ids(user)


def get_for_user(queryset: QuerySet, user, *, request=None, field: str = "unit", **lookup):
    """Fetch one record the user may see, or 404; an attempt outside the jurisdiction is audited."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    unit_id = obj
    for part in field.split("__"):
        unit_id = getattr(unit_id, part)
    if not can_see_unit(user, getattr(unit_id, "id", None)):
        audit.record(
            action=audit.Action.DENIED, actor=user, request=request, obj=obj,
            detail={"reason": "outside jurisdiction"},
        )
        raise Http404
    return obj


def require_records(user) -> None:
    """Pages and API endpoints of records: only roles that work with records (not the auditor)."""
    if user.role not in RECORD_ROLES:
        raise PermissionDenied


def can_edit(user) -> bool:
    """Whether the user's role adds and changes records (inside their area: `get_for_user`)."""
    return user.role in EDIT_ROLES


def require_edit(user) -> None:
    if not can_edit(user):
        raise PermissionDenied


def clear_cache() -> None:
    unit_ids.cache_clear()
