from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem, RecordPage
from congan.org.roles import RECORD_ROLES


class TrafficConfig(AppConfig):
    name = "congan.traffic"
    label = "traffic"
    verbose_name = _("Traffic accidents")
    navigation = (NavItem(30, "traffic:list", _("Traffic accidents"), RECORD_ROLES),)
    record_pages = {"Accident": RecordPage("traffic:detail")}
