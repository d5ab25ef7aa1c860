"""Pages of the filed reports: file a period's report, list them per unit and period, download a file
exactly as filed, compare a filed report with the records now and file a restatement."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congan.org import audit, jurisdiction
from congan.reports import filing
from congan.reports.forms import ReportForm
from congan.reports.models import FiledReport
from congan.reports.render import wording
from congan.reports.views import (
    _form,
    _require_report_role,
    _select,
    _unit_choices,
    _unit_for,
    visible_unit_ids,
)


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Restatement note"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("What changed since the report was filed, and why."))


def _require_filing_role(user) -> None:
    if user.role not in filing.FILING_ROLES:
        raise PermissionDenied


def _filed_or_404(request, pk: int) -> FiledReport:
    _require_report_role(request.user)
    filed = FiledReport.objects.select_related("unit").filter(pk=pk).first()
    if filed is None:
        raise Http404
    _unit_for(request, filed.unit_id, allowed=visible_unit_ids(request.user))
    return filed


def _label(filed: FiledReport) -> str:
    return wording.period_label(filing.period_of(filed))


@login_required
def filed_list(request: HttpRequest) -> HttpResponse:
    """Every filed report of the units the user may see, per unit and period, newest version first."""
    _require_report_role(request.user)
    allowed = visible_unit_ids(request.user)
    rows = list(FiledReport.objects.filter(unit_id__in=allowed).select_related("unit").defer(
        "report_json", "docx", "xlsx", "records", "definitions"))
    for row in rows:
        row.period_label = _label(row)
    audit.record(action=audit.Action.LIST, request=request, object_type="reports.FiledReport",
                 detail={"ids": [r.pk for r in rows]})
    return render(request, "reports/filed_list.html", {
        "filed": rows, "can_file": request.user.role in filing.FILING_ROLES, "form": _form(request, allowed)})


@login_required
@require_POST
def file(request: HttpRequest) -> HttpResponse:
    """File the selected unit's report for the selected period (the statistics office)."""
    _require_filing_role(request.user)
    allowed = visible_unit_ids(request.user)
    form = ReportForm(request.POST, unit_choices=_unit_choices(allowed))
    if not (form.is_bound and form.is_valid()):
        messages.error(request, _("Pick a unit and a period to file."))
        return redirect("reports:filed")
    sel = _select(request, form, allowed)
    if jurisdiction.unit_ids(sel.unit.id) - allowed:
        raise PermissionDenied  # a filed report covers the unit's whole area
    try:
        filed = filing.file_report(unit=sel.unit, period=sel.period, actor=request.user,
                                   note=request.POST.get("note", ""), request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:filed")
    messages.success(request, _("Report filed (version %(version)s).") % {"version": filed.version})
    return redirect("reports:filed_detail", pk=filed.pk)


@login_required
def filed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The filed report, its hash, its other versions, and what changed since it was filed."""
    filed = _filed_or_404(request, pk)
    result = filing.restatement(filed)
    shows_records = request.user.role in jurisdiction.RECORD_ROLES
    audit.record(action=audit.Action.VIEW, request=request, obj=filed,
                 detail={"unit": filed.unit.code, "version": filed.version, "restatement": True})
    others = FiledReport.objects.filter(unit=filed.unit, period_start=filed.period_start,
                                        period_end=filed.period_end).exclude(pk=filed.pk).defer(
        "report_json", "docx", "xlsx", "records", "definitions")
    for row in result["figures"]:
        row["filed_text"], row["live_text"] = _value(row["key"], row["filed"]), _value(row["key"], row["live"])
    return render(request, "reports/filed_detail.html", {
        "filed": filed, "period_label": _label(filed), "verified": filing.verify(filed), "others": others,
        "figures": result["figures"], "changed_figures": sum(f["changed"] for f in result["figures"]),
        "records": result["records"] if shows_records else {}, "cases": result["cases"] if shows_records else [],
        "shows_records": shows_records,
        "note_form": NoteForm() if request.user.role in filing.FILING_ROLES else None,
        "formats": list(filing.FORMATS),
    })


def _value(key: str, value) -> str:
    if value is None:
        return "—"
    return wording.percent(value) if key.endswith("_rate") else wording.number(value)


@login_required
def filed_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A file exactly as filed, byte for byte."""
    filed = _filed_or_404(request, pk)
    if fmt not in filing.FORMATS:
        raise Http404
    audit.record(action=audit.Action.EXPORT, request=request, obj=filed,
                 detail={"format": fmt, "unit": filed.unit.code, "version": filed.version, "sha256": filed.sha256})
    response = HttpResponse(filing.content(filed, fmt), content_type=filing.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{filing.filename(filed, fmt)}"'
    return response


@login_required
@require_POST
def restate(request: HttpRequest, pk: int) -> HttpResponse:
    """File a restatement: a new version of the report, built from the records now, with a note."""
    _require_filing_role(request.user)
    filed = _filed_or_404(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A restatement needs a note saying what changed and why."))
        return redirect("reports:filed_detail", pk=filed.pk)
    new = filing.file_report(unit=filed.unit, period=filing.period_of(filed), actor=request.user,
                             note=form.cleaned_data["note"], request=request)
    messages.success(request, _("Restatement filed (version %(version)s).") % {"version": new.version})
    return redirect(reverse("reports:filed_detail", args=[new.pk]))
