from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congan.org import audit
from congan.org.listing import paginate
from congan.org.models import AuditEntry, Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    return render(request, "org/home.html", {"unit": unit, "admin_unit": unit.admin_unit if unit else None})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in (Role.AUDITOR, Role.ADMIN):
        raise PermissionDenied
    entries = AuditEntry.objects.order_by("-id")
    if q := request.GET.get("user"):
        entries = entries.filter(actor_name=q)
    if action := request.GET.get("action"):
        entries = entries.filter(action=action)
    page = paginate(request, entries)
    audit.record(action=audit.Action.LIST, request=request, object_type="org.AuditEntry",
                 detail={"page": page.number, "username": q, "filter_action": action,
                         "ids": [e.pk for e in page]})
    return render(request, "org/audit_list.html", {"page": page})
