"""The home page: who the user is, the dashboard of their area, the modules they may open.

`present` turns `dashboard.build` (the JSON of GET /api/reports/dashboard) into the page's rows;
it formats and labels, it does not count."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congan.org.views import home_context
from congan.reports import dashboard
from congan.reports.kpis import MEASURES, RATES, TARGET_KPIS
from congan.reports.render import sparkline
from congan.reports.render import wording as w

PERIOD_NAMES = {
    "police_month": gettext_lazy("This police month"),
    "police_half": gettext_lazy("This police half-year"),
    "police_year": gettext_lazy("This police year"),
}
WORK_NAMES = {
    "review_pairs": gettext_lazy("Review pairs waiting for a decision"),
    "id_card_steps_overdue": gettext_lazy("ID-card steps overdue"),
    "wanted_at_large": gettext_lazy("Wanted persons at large"),
    "imports_with_rejects": gettext_lazy("Imports with rejected rows (last 30 days)"),
}
ROW_KEYS = ("crime.clearance_rate", "crime.serious_detected", "crime.serious_clearance_rate",
            "traffic.accidents", "traffic.deaths", "traffic.injuries")


def _label(key: str) -> str:
    if key in RATES:
        return str(RATES[key].label)
    if key in MEASURES:
        return str(MEASURES[key].label)
    return str(TARGET_KPIS[key])


def _span(data: dict) -> str:
    return f"{w.day(data['start'])} – {w.day(data['end'])}"


def _cell(key: str, figure: dict) -> dict:
    is_rate = "target" in figure
    cell = {"url": figure["url"]}
    if is_rate:
        cell["value"] = w.percent(figure["value"])
        cell["previous"] = w.percent(figure["previous"])
        cell["target"] = w.percent(figure["target"]) if figure["target"] is not None else ""
        cell["against_target"] = w.against_target(figure["value"], figure["target"])
        cell["below_target"] = figure.get("vs_target") is not None and figure["vs_target"] < 0
        cell["of"] = _("%(part)s of %(whole)s") % {"part": w.number(figure["numerator"]),
                                                   "whole": w.number(figure["denominator"])}
    else:
        cell["value"] = w.number(figure["value"])
        cell["previous"] = w.number(figure["previous"])
        cell["trend"] = w.trend(figure["change"])
    return cell


def present(board: dict) -> dict:
    """The page's view of a dashboard: column heads, one row per figure, the standing rates, work."""
    columns = [{"name": PERIOD_NAMES[p["kind"]], "span": _span(p), "previous": _span(p["previous_period"])}
               for p in board["periods"]]
    spark = board["sparklines"]
    months = ", ".join(str(m["number"]) for m in spark.get("months", []))
    rows = []
    for key in ROW_KEYS if board["periods"] else ():
        series = spark.get(key)
        label = _label(key)
        rows.append({"key": key, "label": label,
                     "cells": [_cell(key, p["figures"][key]) for p in board["periods"]],
                     "spark": sparkline.svg(series, _("%(figure)s by police month (%(months)s)") % {
                         "figure": label, "months": months}) if series else ""})
    standing = [{"key": key, "label": _label(key), **_cell(key, figure)}
                for key, figure in board["standing"].items()]
    work = [{**item, "label": WORK_NAMES[item["key"]]} for item in board["work"]]
    return {"unit": board["unit"], "on": w.day(date.fromisoformat(board["on"])), "columns": columns,
            "rows": rows, "standing": standing, "work": work}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    board = dashboard.build(request.user)
    return render(request, "org/home.html", {**home_context(request), "dashboard": present(board)})
