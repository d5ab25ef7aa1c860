from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congan.org import jurisdiction


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    return render(request, "org/home.html", {
        "unit": unit, "admin_unit": unit.admin_unit if unit else None,
        # A pre-2025 ward's account carries on in the 2025 ward that succeeded it.
        "successors": jurisdiction.successor_units(unit.admin_unit_id) if unit else [],
    })
