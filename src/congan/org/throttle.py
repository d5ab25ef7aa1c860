"""Login throttling: django-axes with two locks and one limit.

A (username, address) pair is locked after CONGAN_LOGIN_FAILURE_LIMIT failures (a forgotten
password, or someone guessing one account); an address after CONGAN_LOGIN_ADDRESS_FAILURE_LIMIT
failures whatever the usernames (someone trying many accounts). The address is the client's
(`audit.client_address`), so behind a proxy one office's mistakes do not lock everyone.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class Throttle(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures as axes compares them with its one limit: the pair's, or the address's scaled
        to the pair's limit, whichever is nearer to locking."""
        pair, address = (_failures(a) for a in self.get_user_attempts(request, credentials))
        return max(pair, address * settings.AXES_FAILURE_LIMIT // settings.CONGAN_LOGIN_ADDRESS_FAILURE_LIMIT)


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page: what happened, how long it lasts, and the way back to the sign-in page."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
