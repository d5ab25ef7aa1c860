"""Login throttling by the client's address behind a proxy: a pair, then an address, a fixed cool-off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from congan.org.services import DEMO_PASSWORD

PROXY = {"REMOTE_ADDR": "10.0.0.1"}  # every request reaches the app through the same proxy


@pytest.fixture(autouse=True)
def behind_a_proxy(settings):
    settings.CONGAN_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"


def _login(client, username, password, client_ip, spoofed=""):
    forwarded = f"{spoofed}, {client_ip}" if spoofed else client_ip
    return client.post(reverse("login"), {"username": username, "password": password},
                       HTTP_X_FORWARDED_FOR=forwarded, **PROXY)


def _fail(client, username, client_ip, times=5, spoofed=""):
    for _ in range(times):
        _login(client, username, "wrong-password", client_ip, spoofed)


def test_failures_from_one_client_do_not_lock_the_account_for_others(client, anhoa):
    _fail(client, "anhoa", "192.0.2.7")
    assert _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.7").status_code == 429
    assert _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.8").status_code == 302


def test_a_client_cannot_escape_the_lock_by_writing_its_own_header(client, anhoa):
    _fail(client, "anhoa", "192.0.2.7", spoofed="203.0.113.1")
    assert _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.7", spoofed="203.0.113.99").status_code == 429


def test_an_address_trying_many_accounts_is_locked(client, anhoa, settings):
    settings.CONGAN_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):
        _login(client, f"guess{n}", "wrong-password", "192.0.2.9")
    assert _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.9").status_code == 429
    assert _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.10").status_code == 302


def _age_failures(minutes):
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_the_cool_off_is_fixed_a_locked_attempt_does_not_restart_it(client, anhoa):
    _fail(client, "anhoa", "192.0.2.7")
    _age_failures(10)
    before = AccessAttempt.objects.get().attempt_time
    assert _login(client, "anhoa", "wrong-password", "192.0.2.7").status_code == 429
    assert _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.7").status_code == 429
    assert AccessAttempt.objects.get().attempt_time == before
    _age_failures(16)
    assert _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.7").status_code == 302


def test_the_lockout_page_is_vietnamese_and_leads_back(client, anhoa):
    _fail(client, "anhoa", "192.0.2.7")
    page = _login(client, "anhoa", DEMO_PASSWORD, "192.0.2.7")
    assert page.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in page.text
    assert 'href="/accounts/login/"' in page.text
