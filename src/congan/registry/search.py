"""Finding residents: by ID number (CCCD or CMND), or by name with or without diacritics plus year.

Names and numbers are sealed in the database (org/crypto.py), so both searches go through blind
indexes, keyed HMACs that the database can compare without ever seeing a value:

- an ID number is looked up by its exact blind index, on the person and on every identity
  document (an old CMND finds its holder);
- a name query of several words is a prefix of the full name on word boundaries, the last word
  possibly unfinished ('nguyen van an' finds 'Nguyễn Văn An' and 'Nguyễn Văn Anh'; 'thi hoa' does
  not find 'Trần Thị Hòa'); one word is the start of any word of the name ('duc' finds
  'Đặng Văn Đức'). The blind index narrows to the names sharing the leading words and the first
  letters of the last one (`Person.index_name`); those candidates, and only those, are
  decrypted here and matched exactly.

The candidates are taken in record order, at most `CANDIDATES`, then sorted by name: a query as
broad as one common family name shows the first matches by record, not the first alphabetically.
"""

from __future__ import annotations

import re
import string

from django.db.models import QuerySet

from congan import idnumbers, vntext
from congan.org import crypto, jurisdiction
from congan.registry.models import (
    ADDRESS_BUCKET,
    NAME_BUCKET,
    NAME_INDEX_SIZE,
    HouseholdAddressIndex,
    IdentityDocument,
    Person,
    PersonNameIndex,
    address_terms,
    address_words,
    name_key,
)

#: The longest query a page or the API takes: a full name with room to spare.
MAX_QUERY = 120
#: How many index matches a name search decrypts at most.
CANDIDATES = 2000
#: How many of an address query's words are looked up in the index (the rest are matched on the
#: decrypted candidates).
ADDRESS_TERMS = 3

_ID_LIKE = re.compile(r"^[\d\s.\-]+$")


def id_number_keys(number: str) -> list[str]:
    return crypto.blind_indexes("id-number", number)


def people_with_number(number: str) -> QuerySet:
    """Ids of the people holding `number` (digits only), as theirs or on a document."""
    keys = id_number_keys(number)
    # A UNION of two indexed look-ups: one OR across the tables is planned as a scan.
    return Person.objects.filter(id_number_bidx__in=keys).order_by().values_list("id", flat=True).union(
        IdentityDocument.objects.filter(number_bidx__in=keys).order_by().values_list("person_id", flat=True))


#: What may follow a word's first letter in a folded name (vntext.fold keeps ASCII letters and digits).
_NEXT_LETTERS = string.ascii_lowercase + string.digits


def _name_query(key: str) -> tuple[list[str], object] | None:
    """The index terms a folded query looks up (any of them) and the exact test for a decrypted
    folded name. A last word shorter than the bucket ('tran thi h') looks up every bucket it
    starts, and the one-letter word itself."""
    words = key.split()
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if len(word) < NAME_BUCKET:
            return None
        return [f"w:{word[:NAME_BUCKET]}"], lambda name: any(w.startswith(word) for w in name.split())
    head, last = " ".join(words[:-1]), words[-1]
    if len(last) >= NAME_BUCKET:
        terms = [f"p:{head} {last[:NAME_BUCKET]}"]
    else:
        terms = [f"p:{head} {last}"] + [f"p:{head} {last}{c}" for c in _NEXT_LETTERS]
    return terms, lambda name: name.startswith(key)


def name_matches(people: QuerySet, query: str, *, birth_year: int | None = None,
                 limit: int | None = None) -> list[int]:
    """Ids of the people of `people` whose name matches `query`, sorted by name, year and id."""
    found = _name_query(vntext.fold(query))
    if found is None:
        return []
    terms, test = found
    keys = crypto.blind_indexes_of("name", terms, size=NAME_INDEX_SIZE)
    candidates = people.filter(pk__in=PersonNameIndex.objects.filter(key__in=keys).values("person_id"))
    if birth_year:
        candidates = candidates.filter(birth_year=birth_year)
    rows = candidates.order_by("id").values_list("id", "full_name", "birth_year")[:CANDIDATES]
    matched = sorted((name_key(name), year or 0, pk) for pk, name, year in rows if test(name_key(name)))
    return [pk for _, _, pk in matched[:limit]]


def match_people(people: QuerySet, query: str, birth_year: int | None = None) -> QuerySet:
    """The residents of `people` an ID number or a name (+ year) names: the one place residents are
    matched by number or name (the search page, the resident list, a household's head, review
    pairs). Through the keyed indexes: numbers exactly, names by their index term then exactly on
    the decrypted name (at most CANDIDATES of them). Unordered."""
    query = vntext.nfc(query)
    if _ID_LIKE.match(query):
        return people.filter(pk__in=list(people_with_number(idnumbers.check_id(query).number)))
    return people.filter(pk__in=name_matches(people, query, birth_year=birth_year))


def search_people(user, *, query: str, birth_year: int | None = None, limit: int = 50) -> list[Person]:
    """People inside the user's jurisdiction matching an ID number or a name (+ year), the first
    `limit` of them by name (a page says "first N of M" with `match_people(...).count()`)."""
    people = jurisdiction.scope(Person.objects.select_related("unit"), user)
    query = vntext.nfc(query)
    if _ID_LIKE.match(query):
        number = idnumbers.check_id(query).number
        return list(people.filter(pk__in=list(people_with_number(number))).order_by("id")[:limit])
    ids = name_matches(people, query, birth_year=birth_year, limit=limit)
    by_id = people.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def address_matches(households: QuerySet, query: str) -> list[int]:
    """Ids of the households of `households` whose address holds the query's words in a row, with
    or without diacritics, the last word possibly unfinished ('mau th' finds 'Số 2, đường Mậu
    Thân'). The address is sealed: up to ADDRESS_TERMS of the query words (of at least
    `ADDRESS_BUCKET` letters, or shorter but not last; numbers first, stop words never) must have
    their blind index on the household (`Household.index_address`); at most CANDIDATES of those
    are decrypted and matched on every word. A query of stop words only ('số') finds none."""
    words = address_words(query)
    looked_up = [w for i, w in enumerate(words) if len(w) >= ADDRESS_BUCKET or i < len(words) - 1]
    # a whole address pasted in: its numbers and first words (the street) narrow best, the ward
    # and city at its end match every household of the area
    looked_up.sort(key=lambda w: not any(c.isdigit() for c in w))
    terms = list(dict.fromkeys(address_terms(looked_up)))[:ADDRESS_TERMS]
    if not terms:
        return []
    for term in terms:
        keys = crypto.blind_indexes("address", term, size=NAME_INDEX_SIZE)
        households = households.filter(pk__in=HouseholdAddressIndex.objects.filter(key__in=keys)
                                       .values("household_id"))
    wanted = " " + " ".join(words)
    rows = households.order_by("id").values_list("id", "address")[:CANDIDATES]
    return [pk for pk, address in rows if wanted in " " + " ".join(address_words(address))]


def match_names(records: QuerySet, query: str, field: str) -> QuerySet:
    """Records of `records` whose `field` (a name written on the record itself: a wanted person's,
    the person who handed weapons in) holds the query, with or without diacritics. Matched on the
    folded text in Python (these registers are small and keep no key column)."""
    key = vntext.fold(vntext.nfc(query))
    if not key:
        return records.none()
    ids = [pk for pk, name in records.order_by().values_list("pk", field) if key in vntext.fold(name or "")]
    return records.filter(pk__in=ids)
