"""The navigation every page shows: the modules the user's role may open (`org.navigation`)."""

from __future__ import annotations

from congan.org.navigation import modules_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_modules": modules_for(user)}
