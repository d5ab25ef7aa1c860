"""Finding residents: by ID number, or by name with or without diacritics plus year of birth."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from congan import vntext
from congan.org import jurisdiction
from congan.registry.models import Person

_DIGITS = re.compile(r"^\d{9}(\d{3})?$")


def search_people(user, *, query: str, birth_year: int | None = None, limit: int = 50) -> QuerySet:
    """People inside the user's jurisdiction matching an ID number or a name (+ year)."""
    people = jurisdiction.scope(Person.objects.select_related("unit"), user)
    query = vntext.nfc(query)
    if _DIGITS.match(query):
        return people.filter(id_number=query)[:limit]
    key = vntext.fold(query)
    if not key:
        return people.none()
    people = people.filter(name_key__startswith=key) if len(key.split()) > 1 else people.filter(name_key__contains=key)
    if birth_year:
        people = people.filter(birth_year=birth_year)
    return people.order_by("name_key", "birth_year", "id")[:limit]
