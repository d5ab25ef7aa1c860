"""The statistics office's page of recording-integrity flags, and the cases behind each flag."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from congan.org import audit, jurisdiction
from congan.org.models import Role
from congan.reports import integrity, periods
from congan.reports.render import wording
from congan.reports.views import _form, _select, _unit_for

INTEGRITY_ROLES = frozenset({Role.STATISTICS, Role.ADMIN})


def _require(user) -> frozenset[int]:
    if user.role not in INTEGRITY_ROLES:
        raise PermissionDenied
    return jurisdiction.user_unit_ids(user)


@login_required
def flags(request: HttpRequest) -> HttpResponse:
    allowed = _require(request.user)
    form = _form(request, allowed)
    context = {"form": form, "thresholds": integrity.thresholds()}
    if form.is_bound and form.is_valid():
        sel = _select(request, form, allowed)
        city, found = integrity.flags(unit=sel.unit, period=sel.period, unit_ids=sel.ids)
        for flag in found:
            flag.share_text, flag.city_text = wording.percent(flag.share), wording.percent(flag.city_share)
            flag.limit_text = wording.percent(flag.limit)
            flag.url = reverse("reports:integrity_cases") + "?" + urlencode({
                "flag": flag.definition.key, "unit": sel.unit.id, "start": sel.period.start.isoformat(),
                "end": sel.period.end.isoformat()})
        audit.record(action=audit.Action.VIEW, request=request, object_type="reports.Integrity",
                     object_id=str(sel.unit.id), detail={"unit": sel.unit.code, **sel.period.as_dict(),
                                                         "flagged": [f.definition.key for f in found if f.flagged]})
        context.update(unit=sel.unit, city=city, flags=found, period_label=wording.period_label(sel.period))
    return render(request, "reports/integrity.html", context)


@login_required
def flag_cases(request: HttpRequest) -> HttpResponse:
    """The cases behind one flag of one unit and period, through the jurisdiction filter, audited."""
    from congan.cases.models import Case

    allowed = _require(request.user)
    definition = integrity.BY_KEY.get(request.GET.get("flag", ""))
    try:
        period = periods.custom(date.fromisoformat(request.GET["start"]), date.fromisoformat(request.GET["end"]))
        unit_id = int(request.GET["unit"])
    except (KeyError, ValueError):
        raise Http404 from None
    if definition is None:
        raise Http404
    unit = _unit_for(request, unit_id, allowed=allowed)
    ids = jurisdiction.unit_ids(unit.id) & allowed
    _city, found = integrity.flags(unit=unit, period=period, unit_ids=ids)
    flag = next(f for f in found if f.definition.key == definition.key)
    cases = jurisdiction.scope(Case.objects.filter(pk__in=flag.case_ids), request.user).select_related(
        "unit").order_by("detected_on", "id")
    audit.record(action=audit.Action.LIST, request=request, object_type="cases.Case",
                 detail={"integrity_flag": definition.key, "unit": unit.code, **period.as_dict(),
                         "ids": [c.pk for c in cases]})
    return render(request, "reports/integrity_cases.html", {
        "flag": flag, "unit": unit, "period_label": wording.period_label(period), "cases": cases})
