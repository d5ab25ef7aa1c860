"""GET /api/reports/report: the report JSON (DESIGN.md contract) for a unit the user may see."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Router
from ninja.errors import HttpError

from congan.org import audit
from congan.org.schemas import UnitCode, Year, errors
from congan.org.unitcodes import UnknownUnit
from congan.reports import periods, services
from congan.reports.views import REPORT_ROLES, visible_unit_ids

router = Router(tags=["reports"])


@router.get("/report", response={200: dict[str, Any], **errors(404)})
def report(request, unit: UnitCode, year: Year, half: Annotated[int, Field(ge=1, le=2)] | None = None,
           calendar: bool = False):
    """Same selection as `congan report`: police year (or half), --calendar for calendar periods."""
    if request.user.role not in REPORT_ROLES:
        raise HttpError(403, "forbidden")
    period = periods.year_or_half(year, half, calendar=calendar)
    try:
        admin_unit = services.resolve_unit(unit, period)
    except UnknownUnit:
        raise HttpError(404, "unknown unit") from None
    allowed = visible_unit_ids(request.user)
    if admin_unit.id not in allowed:
        audit.record(action=audit.Action.DENIED, request=request, obj=admin_unit,
                     detail={"reason": "report outside jurisdiction", "api": True})
        raise HttpError(404, "unknown unit")
    result = services.build_report(unit=admin_unit, period=period,
                                   unit_ids=services.report_unit_ids(admin_unit) & allowed)
    audit.record(action=audit.Action.EXPORT, request=request, object_type="reports.Report",
                 object_id=str(admin_unit.id), detail={"api": True, "format": "json", "unit": unit,
                                                       **period.as_dict()})
    return result
