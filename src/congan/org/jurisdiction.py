"""The one jurisdiction filter: every query for personal data or records goes through here.

A user sees the records of their police unit's area:
- city police: every unit of the city in both eras (old Hậu Giang and Sóc Trăng included);
- district police: the district's wards, and the 2025 wards that lie wholly inside it;
- ward police: the ward, and for a 2025 ward the old wards that became (part of) it, since
  its police hold those wards' old files;
- an account of a pre-2025 ward carries on after 1 July 2025 through the unit mapping: it also
  holds the 2025 ward that succeeded its ward (the default successor, `account_unit_ids`), so its
  officer records today's events there without a new account (not the successor's other old wards).
Roles without access to personal data (auditor) see nothing here.

Links across units (a household member registered in another ward, a case's suspect or a wanted
person linked to a resident elsewhere) follow one rule, `link`: a record reached through a link
is shown only when it lies inside the user's area (VISIBLE); otherwise (REDACTED) the page shows
of it only what the user's own record holds (the suspect's name and year of birth written on the
case), never registry data (ID number, date of birth, household, parents) nor its id. A change
made through such a link to a resident outside the area is refused (`require_in_area`), audited.
Every refusal here is audited (`congan.org.audit.denied`).
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

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


@lru_cache(maxsize=1024)
def account_unit_ids(admin_unit_id: int) -> frozenset[int]:
    """The area of an account of a unit: the unit's area (`unit_ids`), and for a pre-2025 ward
    the 2025 ward that succeeded it (its default successor in the unit mapping)."""
    ids = unit_ids(admin_unit_id)
    unit = AdminUnit.objects.get(pk=admin_unit_id)
    if unit.level == unitdata.WARD and unit.era == unitdata.LEGACY:
        ids |= set(UnitSuccession.objects.filter(old=unit, is_default=True).values_list("new_id", flat=True))
    return frozenset(ids)


def successor_units(admin_unit_id: int) -> list[AdminUnit]:
    """The 2025 ward(s) an account of a pre-2025 ward carries on in (none for other units)."""
    extra = account_unit_ids(admin_unit_id) - unit_ids(admin_unit_id)
    return list(AdminUnit.objects.filter(id__in=extra).order_by("code"))


def user_unit_ids(user) -> frozenset[int]:
    if not user.is_authenticated or user.role not in RECORD_ROLES or user.unit_id is None:
        return frozenset()
    return account_unit_ids(user.unit.admin_unit_id)


def import_area(actor) -> frozenset[int]:
    """The units an import may write to: the whole city from the command line (no actor), the
    user's area for an import started from a page."""
    city = city_unit_ids()
    return city if actor is None else city & user_unit_ids(actor)


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
    if not can_see_unit(user, unit_of(obj, field)):
        audit.denied(request, audit.Denial.OUTSIDE_AREA, actor=user, obj=obj)
        raise Http404
    return obj


# --- links across units ------------------------------------------------------------------------

VISIBLE = "visible"
REDACTED = "redacted"


def unit_of(record, field: str = "unit") -> int | None:
    """The id of the unit a record lies in (`field` is the unit FK path, e.g. "case__unit")."""
    *path, last = field.split("__")
    for part in path:
        record = getattr(record, part, None)
        if record is None:
            return None
    return getattr(record, f"{last}_id", None)


def link(user, record, field: str = "unit") -> str:
    """How a page or the API shows a record reached through a link from one the user may see:
    VISIBLE inside the user's area, REDACTED outside it (see the module docstring)."""
    return VISIBLE if record is not None and can_see_unit(user, unit_of(record, field)) else REDACTED


def linked(user, record, field: str = "unit"):
    """The linked record when the user may see it, else None (nothing of it to show, not its id)."""
    return record if link(user, record, field) == VISIBLE else None


def split_linked(user, records, field: str = "unit") -> tuple[list, int]:
    """Linked records as (those shown, how many are redacted): e.g. a household's members."""
    shown = [r for r in records if link(user, r, field) == VISIBLE]
    return shown, len(records) - len(shown)


def require_in_area(request, record, field: str = "unit", **detail) -> None:
    """A change through a link (a household's member, its head) touches a resident outside the
    user's area: refused as any record outside the area is (404), audited."""
    if link(request.user, record, field) != VISIBLE:
        audit.denied(request, audit.Denial.LINK, obj=record, **detail)
        raise Http404


def refuse_typed_link(user, queryset: QuerySet, field: str = "unit", **detail) -> None:
    """A record named by a reference typed in a form (a suspect's resident record, a household's
    new member or head) that lies outside the user's area: the form says it found none in the
    area, and the attempt is audited as a refused link. `queryset` holds the records the reference
    names, unscoped."""
    outside = queryset.first()
    if outside is not None and link(user, outside, field) != VISIBLE:
        audit.denied(None, audit.Denial.LINK, actor=user, obj=outside, **detail)


def same_area(unit_a: int, unit_b: int) -> bool:
    """Whether two units hold the same place: the same unit, or one inside the other's area (an
    old ward and the 2025 ward that took it over)."""
    return unit_a == unit_b or unit_a in unit_ids(unit_b) or unit_b in unit_ids(unit_a)


def refuse_unit(request, unit, **detail) -> Http404:
    """A unit asked for (a list filter, an API parameter, a report) outside the user's area or the
    city: refused, never dropped, and audited. Returns the 404 for a page to raise (its message is
    shown by 404.html); the API raises its own answer with the reason."""
    unit = str(unit)
    # A unit code or id is kept as typed; anything else typed there may name someone: a keyed hash.
    audit.denied(request, audit.Denial.UNIT_PARAMETER, object_type="org.AdminUnit",
                 unit=unit if unit.isdigit() and len(unit) <= 20 else audit.pseudonym(unit), **detail)
    message = gettext("The unit asked for is not in your area.")
    request.denial_message = message
    return Http404(message)


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
    account_unit_ids.cache_clear()
