"""The navigation every page shows. Each app declares its own entries on its AppConfig:

    class CasesConfig(AppConfig):
        navigation = (NavItem(20, "cases:list", _("Criminal cases"), RECORD_ROLES),)

so an app absent from a build takes its entries with it. Importable before the app registry
is ready (no models).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    order: int  # place in the bar, left to right
    url_name: str
    label: str
    roles: frozenset[str] | None = None  # None: everyone signed in

    def allows(self, user) -> bool:
        return self.roles is None or user.role in self.roles


@dataclass(frozen=True)
class RecordPage:
    """Where one kind of record is shown, for links from elsewhere (the audit page): the URL name
    taking the record's pk, and the path of its unit field (the jurisdiction check before linking).
    An app declares them on its AppConfig: `record_pages = {"Case": RecordPage("cases:detail")}`."""

    url_name: str
    unit_field: str = "unit"


def record_page(label: str) -> RecordPage | None:
    """The page of records of model `label` ("cases.Case"), if its app declares one."""
    app_label, _, model = label.partition(".")
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return None
    return getattr(config, "record_pages", {}).get(model)


def items() -> list[NavItem]:
    return sorted((item for config in apps.get_app_configs() for item in getattr(config, "navigation", ())),
                  key=lambda item: item.order)


def modules_for(user) -> list[dict]:
    """The entries the user's role may open, as the page template shows them."""
    shown = []
    for item in items():
        if not item.allows(user):
            continue
        try:
            shown.append({"url": reverse(item.url_name), "label": item.label, "name": item.url_name})
        except NoReverseMatch:
            continue  # the app's URLs are not served in this build
    return shown
