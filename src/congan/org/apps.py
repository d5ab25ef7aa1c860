from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem
from congan.org.roles import Role


class OrgConfig(AppConfig):
    name = "congan.org"
    label = "org"
    verbose_name = _("Organisation")
    navigation = (
        NavItem(0, "home", _("Home")),
        NavItem(90, "org:audit", _("Audit trail"), frozenset({Role.AUDITOR, Role.ADMIN})),
        NavItem(95, "org:users", _("User accounts"), frozenset({Role.ADMIN})),
    )

    def ready(self):
        from congan.org import checks, signals  # noqa: F401
