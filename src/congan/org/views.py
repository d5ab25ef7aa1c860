from __future__ import annotations

from django.http import HttpRequest


def home_context(request: HttpRequest) -> dict:
    """What the home page says of the user (the page itself is served by reports.dashboard_views.home,
    which adds the dashboard: org sits below reports and cannot compute it)."""
    unit = request.user.unit
    return {"unit": unit, "admin_unit": unit.admin_unit if unit else None}
