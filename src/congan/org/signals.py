"""Sign-ins and failed sign-ins go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from congan.org import audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(action=audit.Action.LOGIN, actor=user, request=request, obj=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit.record(action=audit.Action.LOGIN_FAILED, request=request,
                 detail={"username": str(credentials.get("username", ""))[:150]})
