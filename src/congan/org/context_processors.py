"""The navigation every page shows: the user's unit and the modules their role may open."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from congan.org.jurisdiction import RECORD_ROLES
from congan.org.models import Role

#: (url name, label, roles allowed or None for everyone signed in). Modules register here as they land.
MODULES = [
    ("home", _("Home"), None),
    ("registry:search", _("Population registry"), RECORD_ROLES),
    ("cases:list", _("Criminal cases"), RECORD_ROLES),
    ("traffic:list", _("Traffic accidents"), RECORD_ROLES),
    ("campaigns:weapons", _("Weapons surrender"), RECORD_ROLES),
    ("campaigns:wanted", _("Wanted persons"), RECORD_ROLES),
    ("dataquality:queue", _("Data cleansing"), RECORD_ROLES),
    ("reports:index", _("Review reports"), RECORD_ROLES | {Role.AUDITOR}),
    ("org:audit", _("Audit trail"), {Role.AUDITOR, Role.ADMIN}),
]


def modules_for(user) -> list[dict]:
    items = []
    for name, label, roles in MODULES:
        if roles is not None and user.role not in roles:
            continue
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue  # module not installed in this build
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_modules": modules_for(user)}
