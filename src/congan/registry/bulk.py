"""PostgreSQL COPY for the residents import: several times faster than INSERT at a million rows.

Ids are reserved from the table's sequence first, so identity documents can be written in the
same pass. Only used inside the import's transaction, so a reject still rolls everything back.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from congan.cleansing import idnumbers
from congan.registry.models import IdentityDocument, Person

_PERSON_FIELDS = list(Person._meta.concrete_fields)
_DOC_FIELDS = ["person_id", "kind", "number", "issued_on", "issuing_unit_id", "issued_by", "valid"]


def _reserve_ids(cursor, table: str, n: int) -> list[int]:
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n]
    )
    return [r[0] for r in cursor.fetchall()]


def copy_people(people: list[Person]) -> None:
    now = timezone.now()
    columns = [f.column for f in _PERSON_FIELDS]
    with connection.cursor() as cursor:
        ids = _reserve_ids(cursor, Person._meta.db_table, len(people))
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {Person._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for pk, p in zip(ids, people, strict=True):
                p.pk = pk
                p.created_at = p.updated_at = now
                copy.write_row([getattr(p, f.attname) for f in _PERSON_FIELDS])
        docs = [p for p in people if p.id_number]
        if not docs:
            return
        doc_ids = _reserve_ids(cursor, IdentityDocument._meta.db_table, len(docs))
        with raw.copy(
            f"COPY {IdentityDocument._meta.db_table} (id, {', '.join(_DOC_FIELDS)}) FROM STDIN"
        ) as copy:
            for pk, p in zip(doc_ids, docs, strict=True):
                kind = idnumbers.CCCD if len(p.id_number) == 12 else idnumbers.CMND
                copy.write_row([pk, p.pk, kind, p.id_number, None, None, "", True])
