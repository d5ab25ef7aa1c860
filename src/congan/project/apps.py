from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from congan.org.navigation import NavItem
from congan.org.roles import EDIT_ROLES


class ProjectConfig(AppConfig):
    name = "congan.project"
    label = "project"
    verbose_name = _("Project")
    navigation = (NavItem(80, "project:import", _("Import a file"), EDIT_ROLES),)
