"""Finding residents: by ID number (CCCD or CMND), or by name with or without diacritics plus year.

A name is matched on its diacritic-free key. A query of several words is a prefix of the full
name ('nguyen van an' finds 'Nguyễn Văn An' and 'Nguyễn Văn Anh'), written as a range so that
the (name_key, birth_year) index serves it on SQLite and PostgreSQL alike; one word is looked
for anywhere in the name.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from congan import vntext
from congan.cleansing import idnumbers
from congan.org import jurisdiction
from congan.registry.models import IdentityDocument, Person

_ID_LIKE = re.compile(r"^[\d\s.\-]+$")
_AFTER_ANY_KEY = "\U0010ffff"


def search_people(user, *, query: str, birth_year: int | None = None, limit: int = 50) -> QuerySet:
    """People inside the user's jurisdiction matching an ID number or a name (+ year)."""
    people = jurisdiction.scope(Person.objects.select_related("unit"), user)
    query = vntext.nfc(query)
    if _ID_LIKE.match(query):
        number = idnumbers.check_id(query).number
        by_document = IdentityDocument.objects.filter(number=number).values("person_id")
        return people.filter(Q(id_number=number) | Q(pk__in=by_document)).order_by("id")[:limit]
    key = vntext.fold(query)
    if not key:
        return people.none()
    if len(key.split()) > 1:
        people = people.filter(name_key__gte=key, name_key__lt=key + _AFTER_ANY_KEY)
    else:
        people = people.filter(name_key__contains=key)
    if birth_year:
        people = people.filter(birth_year=birth_year)
    return people.order_by("name_key", "birth_year", "id")[:limit]
