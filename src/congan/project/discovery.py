"""What each of congan's apps offers, found the one way: a module of a known name in the app.

`api` (a django-ninja `router`), `urls` (served under /<app>/), `importers` (`IMPORTERS`, for
`congan import`) and `demo` (`load(residents=, seed=, stdout=)`, for `congan demo`). Apps are
visited in `settings.CONGAN_APPS` order (registers before reports), so the registry's demo
loads before the registers that link to its people. An app without the module is skipped; an
import error inside a module that exists is not hidden.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.conf import settings


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """(app label, module) for every congan app that has a module `name`, in app order."""
    found = []
    for app in settings.CONGAN_APPS:
        if find_spec(f"{app}.{name}") is not None:
            found.append((app.rsplit(".", 1)[-1], import_module(f"{app}.{name}")))
    return found


def registered_importers() -> dict:
    """register name → Importer class, from every app's `importers.IMPORTERS`."""
    return {name: importer for _app, module in app_modules("importers") for name, importer in module.IMPORTERS.items()}
