"""GET /api/reports/report: the report JSON (DESIGN.md contract) for a unit the user may see."""

from __future__ import annotations

from ninja import Router
from ninja.errors import HttpError

from congan.org import audit, jurisdiction
from congan.org.unitcodes import UnknownUnit
from congan.reports import periods, services
from congan.reports.views import REPORT_ROLES, visible_unit_ids

router = Router(tags=["reports"])


@router.get("/report")
def report(request, unit: str, year: int, half: int | None = None, calendar: bool = False, filed: bool = False,
           filed_version: int | None = None):
    """Same selection as `congan report`: police year (or half), --calendar for calendar periods;
    `filed=true` the report as filed (the latest version unless `filed_version`)."""
    if request.user.role not in REPORT_ROLES:
        raise HttpError(403, "forbidden")
    if half not in (None, 1, 2):
        raise HttpError(422, "half must be 1 or 2")
    if half:
        period = periods.calendar_half(year, half) if calendar else periods.police_half(year, half)
    else:
        period = periods.calendar_year(year) if calendar else periods.police_year(year)
    allowed = visible_unit_ids(request.user)
    try:
        admin_unit = services.resolve_unit(unit, period)
    except UnknownUnit:
        admin_unit = None
    if admin_unit is None or admin_unit.id not in allowed:  # outside the city or the caller's area
        jurisdiction.refuse_unit(request, unit, report=True, api=True)
        raise HttpError(404, "unknown unit")
    if filed or filed_version is not None:
        return _filed(request, admin_unit, period, filed_version)
    result = services.build_report(unit=admin_unit, period=period,
                                   unit_ids=services.report_unit_ids(admin_unit) & allowed)
    audit.record(action=audit.Action.EXPORT, request=request, object_type="reports.Report",
                 object_id=str(admin_unit.id), detail={"api": True, "format": "json", "unit": unit,
                                                       **period.as_dict()})
    return result


def _filed(request, admin_unit, period, version):
    import json

    from congan.reports import filing

    found = filing.latest(unit=admin_unit, period=period, version=version)
    if found is None:
        raise HttpError(404, "not filed")
    audit.record(action=audit.Action.EXPORT, request=request, obj=found, detail={
        "api": True, "format": "json", "unit": admin_unit.code, "version": found.version, "sha256": found.sha256})
    return json.loads(found.report_json)
