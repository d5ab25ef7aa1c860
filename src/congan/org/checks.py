"""Deployment checks of the audit trail's guards (`congan check --deploy --database default`)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.database, deploy=True)
def app_role_owns_no_table(app_configs=None, databases=None, **kwargs):
    from congan.org.dbroles import connected_as_audit_owner

    if not settings.PRODUCTION or not databases or "default" not in databases:
        return []
    if connected_as_audit_owner():
        return [checks.Warning(
            "The server connects to PostgreSQL as the owner of the audit table (or a superuser), "
            "which could rewrite the audit trail.",
            hint="Connect as a role that owns no table; see `congan init --app-role` in docs/operations.md.",
            id="congan.W001",
        )]
    return []


@checks.register(checks.Tags.security, deploy=True)
def checkpoint_directory_writable(app_configs=None, **kwargs):
    import os

    directory = settings.CONGAN_AUDIT_CHECKPOINT_DIR
    if directory.exists() and not os.access(directory, os.W_OK):
        return [checks.Error(f"The audit checkpoint directory {directory} is not writable.",
                             hint="Fix its permissions or set CONGAN_AUDIT_CHECKPOINT_DIR.", id="congan.E001")]
    return []
