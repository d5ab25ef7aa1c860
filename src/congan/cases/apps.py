from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem, RecordPage
from congan.org.roles import RECORD_ROLES


class CasesConfig(AppConfig):
    name = "congan.cases"
    label = "cases"
    verbose_name = _("Criminal cases")
    navigation = (NavItem(20, "cases:list", _("Criminal cases"), RECORD_ROLES),)
    record_pages = {"Case": RecordPage("cases:detail"), "Operation": RecordPage("cases:operation", "lead_unit")}
