"""The one unit module: how a GSO code typed on a record, in a form, a file or a URL becomes a unit.

Ward codes were reused across the 2025 reform, so a code means a unit only with its era: the
record's date decides it (`resolve_unit`, `UnitResolver`), or the caller says it (`find_unit`,
`unit_in_area`); a code that is not there is refused with `UnknownUnit`, never guessed. A
lookup for a user is made inside their area (`unit_in_area`); the API answers 404 with the
reason (`api_unit`), a form shows a field error (`congan.org.forms`), an import a reject.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from ninja.errors import HttpError

from congan import units as unitdata
from congan.importing import RowError
from congan.org import jurisdiction, validity
from congan.org.models import AdminUnit

ERAS = unitdata.ERAS
_LABELS = {unitdata.LEGACY: _("before 1 July 2025"), unitdata.Y2025: _("since 1 July 2025")}
_LEVEL_ORDER = {unitdata.WARD: 0, unitdata.DISTRICT: 1, unitdata.PROVINCE: 2}


def era_label(era: str) -> str:
    """The era in words for a page: "trước ngày 01/7/2025" / "từ ngày 01/7/2025" (translated)."""
    return str(_LABELS[era])


def unit_label(unit: AdminUnit) -> str:
    """A unit as a choice or a line shows it: name, code and era in words."""
    return f"{unit.name} ({unit.code}, {era_label(unit.era)})"


class UnknownUnit(ValueError):
    """The code names no unit where it was looked for; the message says why, in English
    (the language of the reject report and the API), `code` and `era` say what was asked."""

    def __init__(self, code: str, era: str = "", reason: str = ""):
        self.code, self.era = code, era
        if not reason:
            with translation.override(validity.reject_language()):
                reason = f"unknown unit code for {era} ({era_label(era)})" if era else "unknown unit code"
        super().__init__(reason)


def _first_by_level(units) -> AdminUnit | None:
    """Ward before district before province, if a code were ever shared across levels."""
    return min(units, key=lambda u: _LEVEL_ORDER[u.level], default=None)


class UnitResolver:
    """For imports: resolves (code, date) to the city's unit; loads the units once per resolver.

    With an actor (an import started from a page), a unit of the city outside the actor's area
    is refused like an unknown one, with its own reason (`jurisdiction.import_area`)."""

    def __init__(self, actor=None):
        self._units: dict[tuple[str, str], AdminUnit] = {}
        self._area = jurisdiction.import_area(actor)
        for u in sorted(AdminUnit.objects.filter(id__in=jurisdiction.city_unit_ids()),
                        key=lambda u: _LEVEL_ORDER[u.level]):
            self._units.setdefault((u.code, u.era), u)

    def resolve_column(self, row: dict[str, str], column: str, on: date) -> AdminUnit:
        """The unit named in a row's column, or a `RowError` naming the column."""
        code = row.get(column, "")
        if not code:
            raise RowError(column, gettext_noop("required"), code)
        try:
            unit = self.resolve(code, on)
        except UnknownUnit as exc:
            raise RowError(column, str(exc), code) from None
        if unit.pk not in self._area:
            raise RowError(column, gettext_noop("the unit is outside your area"), code)
        return unit

    def resolve(self, code: str, on: date) -> AdminUnit:
        era = unitdata.era_on(on)
        unit = self._units.get((code.strip(), era))
        if unit is None:
            raise UnknownUnit(code, era)
        return unit


def _city_units(code: str, eras) -> list[AdminUnit]:
    return list(AdminUnit.objects.filter(id__in=jurisdiction.city_unit_ids(), code=code.strip(), era__in=eras))


def resolve_unit(code: str, on: date) -> AdminUnit:
    """The city's unit with this code in the era valid on `on` (forms; imports keep a resolver)."""
    era = unitdata.era_on(on)
    unit = _first_by_level(_city_units(code, [era]))
    if unit is None:
        raise UnknownUnit(code, era)
    return unit


def unit_for_period(code: str, on: date) -> AdminUnit:
    """For a report ending on `on`: the city's unit in the era valid that day, else in the other.

    `92` is the city in both eras; a ward code means the 2025 ward for a period ending on or
    after 1 July 2025 and the old ward before.
    """
    era = unitdata.era_on(on)
    found = _city_units(code, ERAS)
    unit = _first_by_level([u for u in found if u.era == era]) or _first_by_level(found)
    if unit is None:
        raise UnknownUnit(code, reason=f"unknown unit code {code!r} in the city (either structure)")
    return unit


def find_unit(code: str, era: str = "", *, within: frozenset[int] | None = None,
              where: str = "the city") -> AdminUnit:
    """The one unit with this code (in `era`, when given) among the units `within` (default:
    the city). A code found in both eras without an era given is refused, never guessed."""
    if era and era not in ERAS:
        raise UnknownUnit(code, reason=f"unknown era {era!r}: legacy or 2025")
    ids = jurisdiction.city_unit_ids() if within is None else within
    units = AdminUnit.objects.filter(id__in=ids, code=code.strip(), era__in=[era] if era else ERAS)
    by_era = {}
    for u in sorted(units, key=lambda u: _LEVEL_ORDER[u.level]):
        by_era.setdefault(u.era, u)
    if not by_era:
        raise UnknownUnit(code, era, reason=f"unit {code} not found in {where}")
    if len(by_era) > 1:
        raise UnknownUnit(code, reason=f"unit {code} exists in both eras: give the era (legacy or 2025)")
    return next(iter(by_era.values()))


def unit_in_area(user, code: str, era: str = "") -> AdminUnit:
    """The one unit with this code (and era) inside the user's area, or `UnknownUnit`."""
    return find_unit(code, era, within=jurisdiction.user_unit_ids(user), where="your jurisdiction")


def api_unit(user, code: str, era: str = "", *, request=None) -> AdminUnit:
    """For API endpoints: `unit_in_area`, answering 404 with the reason; the refusal is audited
    (`jurisdiction.refuse_unit`), never dropped."""
    try:
        return unit_in_area(user, code, era)
    except UnknownUnit as exc:
        if request is not None:
            jurisdiction.refuse_unit(request, code, era=era, api=True)
        raise HttpError(404, str(exc)) from None
