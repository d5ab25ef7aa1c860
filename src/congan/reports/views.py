"""The report page, its downloads, the drill-down from any figure to its records, and targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from congan import units as unitdata
from congan.org import audit, jurisdiction
from congan.org.models import AdminUnit, Role
from congan.org.unitcodes import era_label
from congan.reports import periods, services
from congan.reports.forms import ReportForm, TargetForm, current_police_year
from congan.reports.kpis import MEASURES, TARGET_KPIS, number
from congan.reports.models import Target
from congan.reports.render import charts, tables, wording
from congan.reports.render import docx as docx_render
from congan.reports.render import json as json_render
from congan.reports.render import xlsx as xlsx_render

REPORT_ROLES = jurisdiction.RECORD_ROLES | {Role.AUDITOR}
TARGET_ROLES = {Role.STATISTICS, Role.ADMIN}
_LEVEL_ORDER = {unitdata.PROVINCE: 0, unitdata.DISTRICT: 1, unitdata.WARD: 2}


# ---------------------------------------------------------------- who may report on what


def visible_unit_ids(user) -> frozenset[int]:
    """Units a user may see aggregate figures of: their jurisdiction; the auditor (no record
    access) sees the aggregates of their own unit's area but never the records behind them."""
    if user.role in jurisdiction.RECORD_ROLES:
        return jurisdiction.user_unit_ids(user)
    if user.role == Role.AUDITOR and user.unit_id:
        return jurisdiction.unit_ids(user.unit.admin_unit_id)
    return frozenset()


def _require_report_role(user):
    if user.role not in REPORT_ROLES:
        raise PermissionDenied


def _unit_choices(ids) -> list[tuple[int, str]]:
    units = sorted(AdminUnit.objects.filter(id__in=ids),
                   key=lambda u: (u.era != unitdata.Y2025, _LEVEL_ORDER[u.level], u.code))
    return [(u.id, f"{u.name} — {u.code} ({era_label(u.era)})") for u in units]


def _unit_for(request, unit_id, *, allowed) -> AdminUnit:
    unit = AdminUnit.objects.filter(pk=unit_id).first()
    if unit is None or unit.id not in allowed:  # another unit's, or none of the city's: refused, audited
        raise jurisdiction.refuse_unit(request, unit_id, report=True)
    return unit


def _default_unit(user, allowed) -> int | None:
    if user.unit_id and user.unit.admin_unit_id in allowed:
        return user.unit.admin_unit_id
    return next(iter(sorted(allowed)), None)


@dataclass
class Selection:
    unit: AdminUnit
    period: periods.Period
    cut: str
    ids: frozenset[int]
    params: dict


def _select(request, form: ReportForm, allowed) -> Selection:
    data = form.cleaned_data
    unit = _unit_for(request, data["unit"], allowed=allowed)
    period = data["period"]
    cut = data.get("cut") or services.default_cut(period)
    ids = jurisdiction.unit_ids(unit.id) & allowed
    params = {k: v for k, v in request.GET.items() if k in form.fields and v not in ("", None)}
    return Selection(unit, period, cut, ids, params)


def _form(request, allowed) -> ReportForm:
    initial_unit = _default_unit(request.user, allowed)
    data = request.GET.copy() if "unit" in request.GET else None
    if data is not None:
        data.setdefault("kind", periods.POLICE_YEAR)
    form = ReportForm(data, unit_choices=_unit_choices(allowed),
                      initial={"unit": initial_unit, "kind": periods.POLICE_YEAR, "year": current_police_year()})
    return form


def _drill_url(sel: Selection, cell: tables.Cell) -> str:
    d = cell.drill
    period = periods.previous(sel.period) if d["previous"] else sel.period
    query = {"kpi": d["kpi"], "unit": sel.unit.id, "start": period.start.isoformat(),
             "end": period.end.isoformat(), **d["slice"]}
    if "bucket" in d:
        query.update(bucket=d["bucket"], cut=d["cut"])
    return f"{reverse('reports:records')}?{urlencode(query)}"


def _context(sel: Selection, report: dict, *, links: bool) -> dict:
    report_tables = tables.tables(report)
    if links:
        for table in report_tables:
            for row in table.rows:
                for cell in row:
                    if cell.drill:
                        cell.url = _drill_url(sel, cell)
    return {
        "report": report, "unit": sel.unit, "period": sel.period,
        "period_label": wording.period_label(sel.period),
        "previous_label": wording.period_label(periods.previous(sel.period)),
        "tables": report_tables, "sentences": tables.sentences(report), "footnotes": tables.footnotes(report),
        "charts": charts.all_svg(report), "query": urlencode(sel.params),
    }


# ---------------------------------------------------------------- pages


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_report_role(request.user)
    allowed = visible_unit_ids(request.user)
    form = _form(request, allowed)
    context = {"form": form, "can_edit_targets": request.user.role in TARGET_ROLES,
               "can_file": request.user.role == Role.STATISTICS}
    if form.is_bound and form.is_valid():
        sel = _select(request, form, allowed)
        report = services.build_report(unit=sel.unit, period=sel.period, unit_ids=sel.ids, cut=sel.cut)
        audit.record(action=audit.Action.VIEW, request=request, object_type="reports.Report",
                     object_id=str(sel.unit.id), detail={"unit": sel.unit.code, "era": sel.unit.era,
                                                         **sel.period.as_dict()})
        context.update(_context(sel, report, links=request.user.role in jurisdiction.RECORD_ROLES))
    return render(request, "reports/index.html", context)


def _selection_or_404(request) -> Selection:
    _require_report_role(request.user)
    allowed = visible_unit_ids(request.user)
    form = _form(request, allowed)
    if not (form.is_bound and form.is_valid()):
        raise Http404
    return _select(request, form, allowed)


def document_html(sel: Selection, report: dict) -> str:
    """The standalone, print-ready page (also what `congan report --format html` writes)."""
    return render_to_string("reports/document.html", _context(sel, report, links=False))


@login_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    sel = _selection_or_404(request)
    report = services.build_report(unit=sel.unit, period=sel.period, unit_ids=sel.ids, cut=sel.cut)
    label = wording.period_label(sel.period)
    name = f"bao-cao-{sel.unit.code}-{sel.period.start:%Y%m%d}-{sel.period.end:%Y%m%d}"
    if fmt == "json":
        body, ctype = json_render.render(report), "application/json; charset=utf-8"
    elif fmt == "docx":
        body = docx_render.render(report, period_label=label)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "xlsx":
        body = xlsx_render.render(report, period_label=label)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "html":
        body, ctype = document_html(sel, report), "text/html; charset=utf-8"
    else:
        raise Http404
    audit.record(action=audit.Action.EXPORT, request=request, object_type="reports.Report",
                 object_id=str(sel.unit.id), detail={"format": fmt, "unit": sel.unit.code, **sel.period.as_dict()})
    response = HttpResponse(body, content_type=ctype)
    disposition = "inline" if fmt == "html" and "print" in request.GET else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    return response


# ---------------------------------------------------------------- drill-down


def _link(name: str, pk) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _rows(key: str, records, user) -> tuple[list[str], list[dict]]:
    """Columns and rows for the records of one measure, with a link to each record's page; a record
    reached through a link outside the user's area (a wanted person another unit listed, arrested
    here) shows only what the user's own record holds (jurisdiction.link)."""
    model = MEASURES[key].model
    if model == "cases.Case":
        cols = [_("Case number"), _("Detected on"), _("Unit"), _("Severity"), _("Category"), _("Cleared on")]
        rows = [{"link": _link("cases:detail", r.pk), "cells": [
            r.case_number, wording.day(r.detected_on), r.unit.name, r.get_severity_display(),
            r.get_category_display(), wording.day(r.cleared_on) if r.cleared_on else "—"]} for r in records]
    elif model == "cases.Suspect":
        date_field = MEASURES[key].date_field
        cols = [_("Case number"), _("Full name"), _("Year of birth"), _("Unit"),
                _("Arrested on") if date_field == "arrested_on" else _("Accused prosecuted on")]
        rows = [{"link": _link("cases:detail", r.case_id), "cells": [
            r.case.case_number, r.full_name, r.year_of_birth or "—", r.case.unit.name,
            wording.day(getattr(r, date_field))]} for r in records]
    elif model == "cases.Operation":
        cols = [_("Operation number"), _("Code name"), _("Lead unit"), _("Opened on"), _("Broken up on")]
        rows = [{"link": _link("cases:operation", r.pk), "cells": [
            r.number, r.name, r.lead_unit.name, wording.day(r.opened_on), wording.day(r.broken_on)]}
            for r in records]
    elif model == "traffic.Accident":
        cols = [_("Accident number"), _("Date"), _("Unit"), _("Deaths"), _("Injuries")]
        rows = [{"link": _link("traffic:detail", r.pk), "cells": [
            r.accident_number, wording.day(r.occurred_on), r.unit.name, r.deaths, r.injuries]} for r in records]
    elif model == "campaigns.ReceiptItem":
        cols = [_("Receipt number"), _("Received on"), _("Unit"), _("Item type"), _("Quantity")]
        rows = [{"link": _link("campaigns:receipt", r.receipt_id), "cells": [
            r.receipt.receipt_number, wording.day(r.receipt.received_on), r.receipt.unit.name,
            r.get_item_type_display(), wording.number(r.quantity)]} for r in records]
    elif model == "campaigns.WantedPerson":
        cols = [_("Wanted number"), _("Full name"), _("Listed on"), _("Unit"), _("Status")]
        rows = [{"link": _link("campaigns:wanted_detail", r.pk), "cells": [
            r.wanted_number, r.full_name, wording.day(r.listed_on), r.unit.name, r.get_status_display()]}
            for r in records]
    elif model == "campaigns.WantedStatusChange":
        cols = [_("Wanted number"), _("Full name"), _("Status"), _("Date"), _("Unit")]
        elsewhere = _("Listed by another area")
        rows = [{"link": _link("campaigns:wanted_detail", r.wanted_id), "cells": [
            r.wanted.wanted_number, r.wanted.full_name, r.get_status_display(), wording.day(r.on), r.unit.name]}
            if jurisdiction.linked(user, r.wanted) else
            {"link": "", "cells": ["—", elsewhere, r.get_status_display(), wording.day(r.on), r.unit.name]}
            for r in records]
    else:
        cols = [_("Record id"), _("Full name"), _("Date of birth"), _("Unit")]
        rows = [{"link": _link("registry:person", r.pk), "cells": [
            r.record_id, r.full_name, wording.day(r.date_of_birth) if r.date_of_birth else "—", r.unit.name]}
            for r in records]
    return cols, rows


_RELATED = {"cases.Case": ("unit",), "cases.Suspect": ("case__unit",), "cases.Operation": ("lead_unit",),
            "traffic.Accident": ("unit",),
            "campaigns.ReceiptItem": ("receipt__unit",), "campaigns.WantedPerson": ("unit",),
            "campaigns.WantedStatusChange": ("unit", "wanted"), "registry.Person": ("unit",)}


@login_required
def records(request: HttpRequest) -> HttpResponse:
    """Exactly the records behind one figure, through the jurisdiction filter, audited."""
    if request.user.role not in jurisdiction.RECORD_ROLES:
        raise PermissionDenied
    key = request.GET.get("kpi", "")
    measure = MEASURES.get(key)
    if measure is None:
        raise Http404
    try:
        period = periods.custom(date.fromisoformat(request.GET["start"]), date.fromisoformat(request.GET["end"]))
        unit_id = int(request.GET["unit"])
    except (KeyError, ValueError):
        raise Http404 from None
    allowed = jurisdiction.user_unit_ids(request.user)
    unit = _unit_for(request, unit_id, allowed=allowed)
    ids = jurisdiction.unit_ids(unit.id) & allowed
    bucket_name = ""
    if request.GET.get("bucket"):
        cut = request.GET.get("cut", "")
        if cut not in services.CUTS:
            raise Http404
        try:
            bucket_id = int(request.GET["bucket"])
        except ValueError:
            raise Http404 from None
        ids = services.bucket_unit_ids(unit, cut, ids, bucket_id)
        bucket_name = AdminUnit.objects.filter(pk=bucket_id).values_list("name", flat=True).first() or ""
    slice_ = {d: request.GET[d] for d in measure.dimensions if request.GET.get(d)}
    queryset = jurisdiction.scope(measure.records(period, ids, **slice_), request.user, field=measure.unit_field)
    queryset = queryset.select_related(*_RELATED[measure.model]).order_by("pk")
    total = queryset.count()
    summed = queryset.aggregate(v=Sum(measure.sum_field))["v"] if measure.sum_field else None
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    columns, rows = _rows(key, page, request.user)
    audit.record(action=audit.Action.LIST, request=request, object_type=measure.model,
                 detail={"report_figure": key, "unit": unit.code, "era": unit.era, **period.as_dict(),
                         **slice_, "bucket": request.GET.get("bucket", ""), "page": page.number,
                         "ids": [r.pk for r in page]})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/records.html", {
        "measure": measure, "unit": unit, "period_label": wording.period_label(period), "total": total,
        "summed": wording.number(number(summed)),
        "slice": [(str(measure.model_class()._meta.get_field(k).verbose_name), _choice_label(measure, k, v))
                  for k, v in slice_.items()],
        "bucket_name": bucket_name, "page": page, "columns": columns, "rows": rows, "query": query.urlencode(),
    })


def _choice_label(measure, field: str, value: str) -> str:
    choices = dict(measure.model_class()._meta.get_field(field).choices or [])
    return str(choices.get(value, value))


# ---------------------------------------------------------------- targets


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The statistics office sets yearly targets per unit (75% clear-up rate unless set)."""
    if request.user.role not in TARGET_ROLES:
        raise PermissionDenied
    allowed = jurisdiction.user_unit_ids(request.user)
    choices = _unit_choices(allowed)
    form = TargetForm(request.POST or None, unit_choices=choices,
                      initial={"year": current_police_year(), "kpi": "crime.clearance_rate", "percent": 75})
    if request.method == "POST" and form.is_valid():
        unit = _unit_for(request, form.cleaned_data["unit"], allowed=allowed)
        target, created = Target.objects.update_or_create(
            unit=unit, year=form.cleaned_data["year"], kpi=form.cleaned_data["kpi"],
            defaults={"value": form.cleaned_data["percent"] / Decimal(100), "updated_by": request.user},
        )
        audit.record(action=audit.Action.CREATE if created else audit.Action.UPDATE, request=request, obj=target,
                     detail={"unit": unit.code, "era": unit.era, "year": target.year, "kpi": target.kpi,
                             "value": str(target.value)})
        messages.success(request, _("Target saved."))
        return redirect("reports:targets")
    rows = list(Target.objects.filter(unit_id__in=allowed).select_related("unit", "updated_by"))
    for row in rows:
        row.display = wording.percent(row.value)
    return render(request, "reports/targets.html", {
        "form": form, "targets": rows, "kpi_labels": {k: str(v) for k, v in TARGET_KPIS.items()},
    })
