"""The interface language: Vietnamese unless the user chose English on the site.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an officer on an
English-language Windows install would get English pages without asking for them.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from congan.org import audit


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DenialAuditMiddleware:
    """Every 403 answer is in the audit trail, whoever gave it: a role check (`require_records`,
    `require_edit`), the API's forbidden, a view's own PermissionDenied. Refusals already audited
    where they were decided (`audit.denied`: outside the area, a unit parameter) are not counted twice.
    A page answering 405 (a GET of a form's action) gets the site's page instead of an empty body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            # Django's own 405 has no page: the site's, in the site's layout and language
            allowed = response.headers.get("Allow")
            response = render(request, "405.html", status=405)
            if allowed:
                response.headers["Allow"] = allowed
        if response.status_code == 403 and not getattr(request, "congan_denial_audited", False):
            audit.denied(request, audit.Denial.ROLE, status=403, method=request.method, path=request.path[:200])
        return response
