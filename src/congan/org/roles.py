"""Who does what: the roles, and which of them work with records and change them.

Importable before Django's app registry is ready (no models), so each app's AppConfig can
say which roles see its entry in the navigation.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_LEADER = "city_leader", _("City leadership")
    STATISTICS = "statistics", _("Statistics office")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    WARD_OFFICER = "ward_officer", _("Ward officer")
    DATA_CLERK = "data_clerk", _("Data clerk")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


#: Roles that see the records of their area (the auditor sees the audit trail, no personal data).
RECORD_ROLES = frozenset({
    Role.CITY_LEADER, Role.STATISTICS, Role.DISTRICT_OFFICER, Role.WARD_OFFICER, Role.DATA_CLERK, Role.ADMIN,
})
#: Roles that add and change records.
EDIT_ROLES = frozenset({Role.DISTRICT_OFFICER, Role.WARD_OFFICER, Role.DATA_CLERK, Role.ADMIN})
#: Roles whose exports of a register may hold personal data (names, ID numbers, addresses): the
#: officers and clerks who work with the residents of their area. Leadership, the statistics office
#: and the administrator export the same rows without the personal columns.
PERSONAL_EXPORT_ROLES = frozenset({Role.DISTRICT_OFFICER, Role.WARD_OFFICER, Role.DATA_CLERK})
