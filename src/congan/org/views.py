from __future__ import annotations

from django.http import HttpRequest

from congan.org import jurisdiction


def home_context(request: HttpRequest) -> dict:
    """What the home page says of the user (the page itself is served by reports.dashboard_views.home,
    which adds the dashboard: org sits below reports and cannot compute it)."""
    unit = request.user.unit
    return {"unit": unit, "admin_unit": unit.admin_unit if unit else None,
            # A pre-2025 ward's account carries on in the 2025 ward that succeeded it.
            "successors": jurisdiction.successor_units(unit.admin_unit_id) if unit else []}
