from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "congan.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from congan.org import checks, signals  # noqa: F401
