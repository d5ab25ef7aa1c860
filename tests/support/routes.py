"""Every route the project serves, read from the code: the URL resolver and the API's OpenAPI schema.

`site_routes()` walks `django.urls.get_resolver()` recursively and names each pattern
`namespace:name` (the API's own patterns are left to `api_routes()`, which names each operation of
the schema `METHOD /path`). The leak matrix (tests/test_leak_matrix.py) compares them with its
declared table, so a route added without a row fails the suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

API_NAMESPACE = "api"


@dataclass(frozen=True)
class SiteRoute:
    name: str      # "registry:person"
    pattern: str   # "registry/people/<int:pk>/"


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):  # an include()
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
            yield SiteRoute(f"{namespace}:{name}" if namespace else name, prefix + str(pattern.pattern))


def site_routes() -> list[SiteRoute]:
    """Every URL pattern of the site except the API's operations (see `api_routes`)."""
    from django.urls import get_resolver

    api_paths = set(_api().get_openapi_schema()["paths"])
    routes = [r for r in _walk(get_resolver().url_patterns)
              if not (r.name.startswith(f"{API_NAMESPACE}:") and _as_openapi_path(r.pattern) in api_paths)]
    return sorted(set(routes), key=lambda r: (r.name, r.pattern))


def _as_openapi_path(pattern: str) -> str:
    """"api/cases/cases/<pk>" as the schema writes it: "/api/cases/cases/{pk}"."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)


def _api():
    from congan.config.api import api

    return api


def api_routes() -> list[str]:
    """Every operation of the API's OpenAPI schema as "METHOD /path" ("GET /api/cases/cases/{pk}")."""
    schema = _api().get_openapi_schema()
    return sorted(f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops)


def all_routes() -> list[str]:
    return [r.name for r in site_routes()] + api_routes()
