"""Finding residents: by ID number (CCCD or CMND), or by name with or without diacritics plus year.

A name is matched on its diacritic-free key. A query of several words is a prefix of the full
name ('nguyen van an' finds 'Nguyễn Văn An' and 'Nguyễn Văn Anh'), written as a range so that
the (name_key, birth_year) index serves it on SQLite and PostgreSQL alike; one word is looked
for anywhere in the name.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet

from congan import idnumbers, vntext
from congan.org import jurisdiction
from congan.registry.models import IdentityDocument, Person

#: The longest query a page or the API takes: a full name with room to spare.
MAX_QUERY = 120

_ID_LIKE = re.compile(r"^[\d\s.\-]+$")
_AFTER_ANY_KEY = "\U0010ffff"


def search_people(user, *, query: str, birth_year: int | None = None, limit: int = 50) -> QuerySet:
    """People inside the user's jurisdiction matching an ID number or a name (+ year), the first
    `limit` of them (a page says "first N of M" with `match_people(...).count()`)."""
    people = match_people(jurisdiction.scope(Person.objects.select_related("unit"), user), query, birth_year)
    return people.order_by("name_key", "birth_year", "id")[:limit]


def match_people(people: QuerySet, query: str, birth_year: int | None = None) -> QuerySet:
    """The residents of `people` an ID number or a name (+ year) names: the one place residents are
    matched by number or name (the search page, the resident list, a household's head). Unordered."""
    query = vntext.nfc(query)
    if _ID_LIKE.match(query):
        number = idnumbers.check_id(query).number
        # A UNION of two indexed look-ups: one OR across the tables is planned as a scan.
        ids = Person.objects.filter(id_number=number).order_by().values_list("id", flat=True).union(
            IdentityDocument.objects.filter(number=number).order_by().values_list("person_id", flat=True))
        return people.filter(pk__in=list(ids))
    key = vntext.fold(query)
    if not key:
        return people.none()
    if len(key.split()) > 1:
        people = people.filter(name_key__gte=key, name_key__lt=key + _AFTER_ANY_KEY)
    else:
        people = people.filter(name_key__contains=key)
    if birth_year:
        people = people.filter(birth_year=birth_year)
    return people


def match_names(records: QuerySet, query: str, field: str) -> QuerySet:
    """Records of `records` whose `field` (a name written on the record itself: a wanted person's,
    the person who handed weapons in) holds the query, with or without diacritics. Matched on the
    folded text in Python (these registers are small and keep no key column)."""
    key = vntext.fold(vntext.nfc(query))
    if not key:
        return records.none()
    ids = [pk for pk, name in records.order_by().values_list("pk", field) if key in vntext.fold(name or "")]
    return records.filter(pk__in=ids)
