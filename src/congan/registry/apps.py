from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem, RecordPage
from congan.org.roles import RECORD_ROLES


class RegistryConfig(AppConfig):
    name = "congan.registry"
    label = "registry"
    verbose_name = _("Population registry")
    navigation = (NavItem(10, "registry:search", _("Population registry"), RECORD_ROLES),)
    record_pages = {"Person": RecordPage("registry:person"), "Household": RecordPage("registry:household")}

    def ready(self):
        from congan.registry import kept  # noqa: F401 (connects the signals that keep its counts)
