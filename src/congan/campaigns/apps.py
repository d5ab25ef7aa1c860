from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem, RecordPage
from congan.org.roles import RECORD_ROLES


class CampaignsConfig(AppConfig):
    name = "congan.campaigns"
    label = "campaigns"
    verbose_name = _("Weapons surrender and wanted persons")
    navigation = (
        NavItem(40, "campaigns:weapons", _("Weapons surrender"), RECORD_ROLES),
        NavItem(41, "campaigns:wanted", _("Wanted persons"), RECORD_ROLES),
    )
    record_pages = {"Campaign": RecordPage("campaigns:campaign"), "Receipt": RecordPage("campaigns:receipt"),
                    "WantedPerson": RecordPage("campaigns:wanted_detail")}
