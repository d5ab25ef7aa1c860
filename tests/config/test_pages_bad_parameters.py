"""Every page without a path parameter, given each bad query a hand can type: never a server error."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

BAD_QUERIES = [
    "page=-1", f"page={2**63}", "start=0001-01-01&end=9999-12-31", "end=0001-01-01", "start=9999-12-31",
    "start=2024-13-45", "year=0", "year=10000", f"unit={2**63}", "unit=abc", "era=zzz", "kind=zzz",
    "kind=custom&start=0001-01-01&end=0001-01-02", "kind=police_half&year=2024&number=9",
    "q=" + "a" * 100_000, "q=%00", "findings=%FF", "cut=zzz", "action=" + "x" * 5000, "user=%00",
]


def _pages(resolver=None, prefix: str = ""):
    """The site's GET pages that take no path parameter (the API and the admin have their own)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("api/", "admin/", "i18n/", "accounts/logout")):
            continue
        if isinstance(entry, URLResolver):
            yield from _pages(entry, route)
        elif isinstance(entry, URLPattern) and "<" not in route:
            yield "/" + route


@pytest.mark.slow
@pytest.mark.parametrize("username", ["lanhdao", "kiemtra"])  # every register's pages; the audit pages
def test_no_page_answers_a_bad_query_with_a_server_error(client_for, username, django_user_model):
    client = client_for(django_user_model.objects.get(username=username))
    client.raise_request_exception = False
    pages = list(_pages())
    assert {"/reports/", "/registry/id-cards/", "/cases/", "/org/audit/"} <= set(pages)
    failures = []
    for path in pages:
        for query in BAD_QUERIES:
            status = client.get(f"{path}?{query}").status_code
            if status >= 500:
                failures.append(f"{status} {path}?{query[:60]}")
    assert not failures, failures
