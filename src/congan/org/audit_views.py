"""The audit page an inspector works with: the trail filtered by user, action, record and time,
searched, exported to Excel (itself audited), and verified on demand (the keyed chain and the
signed checkpoints, as `congan audit verify` does), with actions and records in words and each
record linked to its page where the viewer may open it.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from congan.org import audit, checkpoints, jurisdiction
from congan.org.forms import date_field
from congan.org.listing import paginate
from congan.org.models import AuditEntry, Role
from congan.org.navigation import record_page

AUDIT_ROLES = frozenset({Role.AUDITOR, Role.ADMIN})
#: An export larger than this is refused with a request to narrow the filter (never cut silently).
MAX_EXPORT_ROWS = 100_000

ACTIONS = {
    audit.Action.VIEW: pgettext_lazy("audit action", "viewed"),
    audit.Action.LIST: pgettext_lazy("audit action", "listed"),
    audit.Action.SEARCH: pgettext_lazy("audit action", "searched"),
    audit.Action.EXPORT: pgettext_lazy("audit action", "exported"),
    audit.Action.CREATE: pgettext_lazy("audit action", "created"),
    audit.Action.UPDATE: pgettext_lazy("audit action", "changed"),
    audit.Action.DELETE: pgettext_lazy("audit action", "deleted"),
    audit.Action.IMPORT: pgettext_lazy("audit action", "imported"),
    audit.Action.MERGE: pgettext_lazy("audit action", "merged"),
    audit.Action.DENIED: pgettext_lazy("audit action", "refused access"),
    audit.Action.LOGIN: pgettext_lazy("audit action", "signed in"),
    audit.Action.LOGIN_FAILED: pgettext_lazy("audit action", "failed sign-in"),
}
#: Records of the trail that are not models: a report, a figure.
OTHER_OBJECTS = {
    "reports.Report": _("report"),
    "reports.Integrity": _("recording-integrity flags"),
    "dataquality.CleansingRate": _("cleansing rate"),
    # an import is recorded under its register's name (`congan import REGISTER`, DESIGN.md)
    "residents": _("file of residents"),
    "id_cards": _("file of ID-card applications"),
    "cases": _("file of criminal cases"),
    "suspects": _("file of suspects"),
    "traffic": _("file of traffic accidents"),
    "weapons": _("file of weapons handed in"),
    "wanted": _("file of wanted persons"),
}


def object_kinds() -> list[tuple[str, str]]:
    """The kinds of record the filter offers, in words: every model of congan's apps and the
    records that are not models. Known from the code, not read from the trail (a DISTINCT over the
    whole trail on every page load would grow with it)."""
    kinds = {model._meta.label for label in settings.CONGAN_APPS
             for model in apps.get_app_config(label.rsplit(".", 1)[-1]).get_models()}
    return sorted(((kind, object_label(kind)) for kind in kinds | set(OTHER_OBJECTS)), key=lambda c: c[1])


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, pgettext_lazy("audit action", "other action")))


def object_label(object_type: str) -> str:
    """A record's kind in words: the model's own verbose name, in the page's language."""
    if not object_type:
        return ""
    if object_type in OTHER_OBJECTS:
        return str(OTHER_OBJECTS[object_type])
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return gettext("other record")


def require_auditor(user) -> None:
    if user.role not in AUDIT_ROLES:
        raise PermissionDenied


class AuditFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("user, record number or workstation address"))
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    object_id = forms.CharField(label=pgettext_lazy("audit", "Record number"), required=False, max_length=64)
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("all")), *ACTIONS.items()]
        self.fields["object_type"].choices = [("", _("all")), *object_kinds()]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end comes before the start."))
        return data

    def entries(self):
        """The entries the filter selects, newest first (local dates, whole days)."""
        entries = AuditEntry.objects.order_by("-id")
        data = self.cleaned_data
        if q := data.get("q"):
            entries = entries.filter(Q(actor_name__icontains=q) | Q(object_id=q) | Q(address=q))
        if data.get("user"):
            entries = entries.filter(actor_name=data["user"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("object_type"):
            entries = entries.filter(object_type=data["object_type"])
        if data.get("object_id"):
            entries = entries.filter(object_id=data["object_id"])
        zone = timezone.get_current_timezone()
        if data.get("start"):
            entries = entries.filter(at__gte=datetime.combine(data["start"], time.min, zone))
        if data.get("end"):
            entries = entries.filter(at__lt=datetime.combine(data["end"] + timedelta(days=1), time.min, zone))
        return entries

    def described(self) -> dict:
        """The filter as the audit entry of a list or export records it (typed text pseudonymised)."""
        data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in self.cleaned_data.items() if v}
        for typed in ("q", "user"):  # typed text is kept as a keyed hash, as everywhere in the trail
            if typed in data:
                data[typed] = audit.pseudonym(data[typed])
        return data


def _links(user, entries) -> dict[int, str]:
    """entry id → the URL of its record, for the records this viewer may open."""
    wanted: dict[str, dict[str, list[int]]] = {}
    for entry in entries:
        if entry.object_id.isdigit() and record_page(entry.object_type):
            wanted.setdefault(entry.object_type, {}).setdefault(entry.object_id, []).append(entry.id)
    links = {}
    for label, by_id in wanted.items():
        page = record_page(label)
        model = apps.get_model(label)
        visible = jurisdiction.scope(model.objects.filter(pk__in=[int(i) for i in by_id]), user, field=page.unit_field)
        for pk in visible.values_list("pk", flat=True):
            url = reverse(page.url_name, args=[pk])
            for entry_id in by_id[str(pk)]:
                links[entry_id] = url
    return links


def _rows(entries):
    for e in entries:
        yield e, action_label(e.action), object_label(e.object_type)


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require_auditor(request.user)
    form = AuditFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "org/audit_list.html", {"form": form, "page": None, "total": 0}, status=400)
    entries = form.entries() if form.is_bound else AuditEntry.objects.order_by("-id")
    if request.GET.get("format") == "xlsx":
        return _export(request, form, entries)
    page = paginate(request, entries)
    links = _links(request.user, page)
    rows = [(e, action, kind, links.get(e.id)) for e, action, kind in _rows(page)]
    audit.record(action=audit.Action.LIST, request=request, object_type="org.AuditEntry",
                 detail={"filter": form.described() if form.is_bound else {}, "ids": [e.pk for e in page]})
    return render(request, "org/audit_list.html", {
        "form": form, "page": page, "rows": rows, "total": page.paginator.count,
        "export_query": (request.GET.copy().urlencode() + "&") if request.GET else "",
    })


def _export(request: HttpRequest, form: AuditFilter, entries) -> HttpResponse:
    from openpyxl import Workbook

    total = entries.count()
    if total > MAX_EXPORT_ROWS:
        return render(request, "org/audit_list.html", {
            "form": form, "page": None, "total": total,
            "refusal": gettext("The filter selects %(total)s entries; an export holds at most %(max)s. "
                               "Narrow it by time, user or action.") % {"total": f"{total:,}".replace(",", "."),
                                                                         "max": f"{MAX_EXPORT_ROWS:,}".replace(",", ".")},
        }, status=400)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Audit trail"))
    sheet.freeze_panes = "A2"
    headers = [gettext("No."), gettext("Time"), gettext("User"), gettext("Workstation address"),
               gettext("Action"), gettext("Kind of record"), str(pgettext_lazy("audit", "Record number")), gettext("Details"), gettext("Seal")]
    sheet.append(headers)
    zone = timezone.get_current_timezone()
    for e, action, kind in _rows(entries.iterator(chunk_size=2000)):
        sheet.append([e.id, e.at.astimezone(zone).replace(tzinfo=None), e.actor_name, e.address, action, kind,
                      e.object_id, json.dumps(e.detail, ensure_ascii=False, sort_keys=True), e.hash])
    audit.record(action=audit.Action.EXPORT, request=request, object_type="org.AuditEntry",
                 detail={"filter": form.described() if form.is_bound else {}, "rows": total})
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.xlsx"'
    book.save(response)
    return response


@login_required
@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    """Verify the whole chain and the checkpoints now; the result and the head hash on the page."""
    require_auditor(request.user)
    result = checkpoints.verify()
    audit.record(action=audit.Action.VIEW, request=request, object_type="org.AuditEntry",
                 detail={"verify": "intact" if result.intact else "broken", "checked": result.checked})
    return render(request, "org/audit_verify.html", {"result": result})
