"""Keeping the sealed columns sealed under the current key: `congan keys check|migrate|rotate`.

Every model with encrypted fields (org/crypto.py) is walked in batches of rows by id. A value is

- *plain* (a database from before the encryption, or restored from such a backup): `migrate`
  seals it under the current key;
- sealed under an *older* key: `rotate` opens it and seals it again under the current key;
- sealed under the current key: left alone, so an interrupted run simply starts again and skips
  what is done.

Each batch is one transaction, its rows locked while they are rewritten (FOR UPDATE on
PostgreSQL; SQLite's write lock), and the rows' blind indexes are recomputed under the current key
in the same transaction (`Model.reindex_sealed(ids)`), so searches keep finding them: a search
looks under every key of the ring (`crypto.blind_indexes`). After a complete rotation the old key
can leave the ring; `check` says whether any value still needs it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, models, transaction

from congan.org import crypto

BATCH = 2000


def sealed_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if crypto.encrypted_fields(m)]


@dataclass
class ColumnCount:
    empty: int = 0
    plain: int = 0
    by_key: Counter = field(default_factory=Counter)

    @property
    def sealed(self) -> int:
        return sum(self.by_key.values())


def _batches(model, columns: list[str], *, lock: bool) -> Iterator[list[tuple]]:
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    last = None
    while True:
        with connection.cursor() as cursor:
            where = f"WHERE {pk} > %s " if last is not None else ""
            cursor.execute(f"SELECT {pk}, {names} FROM {table} {where}ORDER BY {pk} LIMIT %s"  # noqa: S608
                           + (" FOR UPDATE" if lock and connection.vendor == "postgresql" else ""),
                           [last, BATCH] if last is not None else [BATCH])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def check(*, decrypt: bool = True) -> dict[str, ColumnCount]:
    """Per `table.column`: how many values are empty, plain, and sealed under each key id.
    With `decrypt`, every sealed value is opened too: a wrong key fails here, loudly."""
    counts: dict[str, ColumnCount] = {}
    for model in sealed_models():
        fields = crypto.encrypted_fields(model)
        for f in fields:
            counts[f.context()] = ColumnCount()
        for rows in _batches(model, [f.column for f in fields], lock=False):
            for row in rows:
                for f, value in zip(fields, row[1:], strict=True):
                    count = counts[f.context()]
                    if value is None or value == "":
                        count.empty += 1
                    elif not crypto.is_sealed(value):
                        count.plain += 1
                    else:
                        count.by_key[crypto.key_id_of(value)] += 1
                        if decrypt:
                            f.from_db_value(value, None, connection)
    return counts


def reseal(*, plain: bool, older: bool, progress: Callable[[str, int], None] | None = None,
           only: list[type[models.Model]] | None = None,
           reindex: Callable[[type[models.Model], list[int]], None] | None = None) -> Counter:
    """Seal plain values (`plain`) and re-seal values of older keys (`older`) under the current
    key, batch by batch; returns how many values were rewritten per `table.column`. `only` the
    given models (a data migration's historical ones, with its own `reindex`); by default every
    sealed model, each re-indexed by its `reindex_sealed`."""
    ring = crypto.keyring()
    done: Counter = Counter()
    for model in only if only is not None else sealed_models():
        fields = crypto.encrypted_fields(model)
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
        seen = 0
        batches = _batches(model, [f.column for f in fields], lock=True)
        while True:
            with transaction.atomic():
                rows = next(batches, None)
                if rows is None:
                    break
                updates, touched = [], []
                for row in rows:
                    new, changed = [], False
                    for f, value in zip(fields, row[1:], strict=True):
                        if value is None or value == "":
                            new.append(value)
                        elif not crypto.is_sealed(value):
                            if plain:
                                value, changed = f.seal_value(f.from_db_value(value, None, connection)), True
                                done[f.context()] += 1
                            new.append(value)
                        elif older and crypto.key_id_of(value) != ring.current_id:
                            new.append(f.seal_value(f.from_db_value(value, None, connection)))
                            changed = True
                            done[f.context()] += 1
                        else:
                            new.append(value)
                    if changed:
                        updates.append((*new, row[0]))
                        touched.append(row[0])
                if updates:
                    with connection.cursor() as cursor:
                        cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", updates)  # noqa: S608
                    if reindex is not None:
                        reindex(model, touched)
                    elif hasattr(model, "reindex_sealed"):
                        model.reindex_sealed(touched)
            seen += len(rows)
            if progress:
                progress(model._meta.label, seen)
    return done
