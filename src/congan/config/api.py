"""The JSON API: one NinjaAPI; each app that has `api.py` with a `router` is mounted at /api/<app>/.

The OpenAPI schema is published at /api/openapi.json and browsable at /api/docs.
"""

from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI
from ninja.security import django_auth

from congan.project.discovery import app_modules

api = NinjaAPI(title="congan API", version="1", auth=django_auth, urls_namespace="api")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "forbidden"}, status=403)


for label, module in app_modules("api"):
    api.add_router(f"/{label}", module.router)


def api_urls():
    """The API's URL patterns, answering 401 itself instead of the site's login redirect."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace
