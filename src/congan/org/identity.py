"""Which records are one person. The registry asks; the cleansing app, when installed, answers.

Records of one person come from several sources (household books, old ID cards, ID-card
applications); the cleansing app links them. A register must not import it, so the app that
knows declares its answer on its AppConfig:

    class DataQualityConfig(AppConfig):
        same_person = "congan.dataquality.identity.same_person"

a function taking record ids and returning, for each of them that belongs to a person of several
records, the ids of that person's other records. Without such an app every record is its own person.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.utils.module_loading import import_string


def same_person(record_ids: Iterable[int]) -> dict[int, list[int]]:
    """record id → the ids of the other records of the same person (only records that have some)."""
    ids = list(record_ids)
    found: dict[int, list[int]] = {}
    if not ids:
        return found
    for config in apps.get_app_configs():
        if path := getattr(config, "same_person", None):
            for record, others in import_string(path)(ids).items():
                found.setdefault(record, [])
                found[record] += [o for o in others if o not in found[record]]
    return found
