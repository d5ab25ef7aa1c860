"""GET /api/reports/report: the report JSON (DESIGN.md contract) for a unit the user may see."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Router
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict

from congan.org import audit, jurisdiction
from congan.org.schemas import RecordId, UnitCode, Year, errors
from congan.org.unitcodes import UnknownUnit
from congan.reports import periods, services
from congan.reports.views import REPORT_ROLES, visible_unit_ids

router = Router(tags=["reports"])

Rate = float | None  # a fraction (0.9792), None where nothing was counted
Quantity = int | float


class _Open(BaseModel):
    """A block of the report JSON: the contract's fields typed, whatever else it carries kept
    (a plain pydantic model: ninja's Schema reads attributes and would drop the others)."""

    model_config = ConfigDict(extra="allow")


class ReportPeriod(BaseModel):
    start: str
    end: str


class ReportCrime(_Open):
    detected: int
    cleared: int
    clearance_rate: Rate
    target_clearance_rate: Rate
    serious_detected: int
    serious_cleared: int
    serious_clearance_rate: Rate
    by_category: dict[str, dict[str, Quantity | None]]
    suspects_arrested: int
    suspects_prosecuted: int
    operations_broken: int


class ReportTrafficFigures(_Open):
    accidents: int
    deaths: int
    injuries: int


class ReportTrafficChange(_Open):
    accidents: Rate
    deaths: Rate
    injuries: Rate


class ReportTraffic(ReportTrafficFigures):
    previous: ReportTrafficFigures
    change: ReportTrafficChange


class ReportWanted(_Open):
    listed: int
    arrested: int
    surrendered: int
    removed: int


class ReportIdCards(_Open):
    eligible: int
    applications: int
    collection_rate: Rate


class ReportPopulationData(_Open):
    records: int
    cleaned: int
    cleansing_rate: Rate


class ReportOut(_Open):
    """DESIGN.md "Contract: report JSON"; the monthly trend, the breakdown and how the report was
    built come with it."""

    unit: str
    period: ReportPeriod
    previous_period: ReportPeriod
    crime: ReportCrime
    traffic: ReportTraffic
    weapons: dict[str, Quantity]
    wanted: ReportWanted
    id_cards: ReportIdCards
    population_data: ReportPopulationData


@router.get("/report", response={200: ReportOut, **errors(404)})
def report(request, unit: UnitCode, year: Year, half: Annotated[int, Field(ge=1, le=2)] | None = None,
           calendar: bool = False, filed: bool = False, filed_version: RecordId | None = None):
    """Same selection as `congan report`: police year (or half), --calendar for calendar periods;
    `filed=true` the report as filed (the latest version unless `filed_version`)."""
    if request.user.role not in REPORT_ROLES:
        raise HttpError(403, "forbidden")
    period = periods.year_or_half(year, half, calendar=calendar)
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


class DashboardFigure(_Open):
    """One figure: `value` (a count, or a rate as a fraction), `previous` (the same days a year
    earlier), `url` the drill-down page ("" where the user may not open records); a rate also has
    `target`, `vs_target` and `vs_previous` (differences in fractions), `numerator`, `denominator`."""

    value: Quantity | None
    previous: Quantity | None
    url: str


class DashboardPeriod(_Open):
    kind: str
    start: str
    end: str
    previous_period: ReportPeriod
    figures: dict[str, DashboardFigure]


class DashboardWork(BaseModel):
    key: str
    count: int
    url: str


class DashboardOut(_Open):
    """The home page's dashboard of the caller's area (docs/dashboard.md): `periods` the police
    month, half-year and year to `on`; `standing` the ID-card collection and cleansing rates;
    `sparklines` month by month of the police year; `work` what waits for the caller."""

    on: str
    unit: dict[str, int | str] | None
    periods: list[DashboardPeriod]
    standing: dict[str, DashboardFigure]
    sparklines: dict[str, list]
    work: list[DashboardWork]


@router.get("/dashboard", response={200: DashboardOut, **errors()})
def dashboard_json(request):
    """The caller's dashboard (the home page's figures), for their own unit's area; every role may
    ask (a role without figures gets empty `periods`)."""
    from congan.reports import dashboard

    result = dashboard.build(request.user)
    audit.record(action=audit.Action.VIEW, request=request, object_type="reports.Dashboard",
                 object_id=str(result["unit"]["id"]) if result["unit"] else "",
                 detail={"api": True, "on": result["on"]})
    return result
