from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem
from congan.org.roles import RECORD_ROLES, Role


class ReportsConfig(AppConfig):
    name = "congan.reports"
    label = "reports"
    verbose_name = _("Review reports")
    navigation = (NavItem(60, "reports:index", _("Review reports"), RECORD_ROLES | {Role.AUDITOR}),)
