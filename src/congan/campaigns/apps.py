from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "congan.campaigns"
    label = "campaigns"
    verbose_name = _("Weapons surrender and wanted persons")
