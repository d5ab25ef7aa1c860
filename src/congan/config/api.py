"""The JSON API: one NinjaAPI, each app adds its router. Schema at /api/openapi.json."""

from ninja import NinjaAPI
from ninja.security import django_auth

from congan.registry.api import router as registry_router

api = NinjaAPI(title="congan API", version="1", auth=django_auth, urls_namespace="api")
api.add_router("/registry", registry_router)


def api_urls():
    """The API's URL patterns, answering 401 itself instead of the site's login redirect."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace
