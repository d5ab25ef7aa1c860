from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem, RecordPage
from congan.org.roles import RECORD_ROLES


class DataQualityConfig(AppConfig):
    name = "congan.dataquality"
    label = "dataquality"
    verbose_name = _("Population data cleansing")
    navigation = (NavItem(50, "dataquality:queue", _("Data cleansing"), RECORD_ROLES),)
    record_pages = {"ReviewPair": RecordPage("dataquality:pair", "left__unit")}
    same_person = "congan.dataquality.identity.same_person"
