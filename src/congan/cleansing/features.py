"""Input rows → the Arrow table of normalised features the linking model compares."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Mapping

import pyarrow as pa

from .normalise import normalise_record

SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("source", pa.string()),
        ("name_core", pa.string()),
        ("name_marked", pa.bool_()),
        ("surname_key", pa.string()),
        ("middle_key", pa.string()),
        ("given_key", pa.string()),
        ("given_acc", pa.string()),
        ("dob", pa.string()),
        ("dob_year", pa.int32()),
        ("dob_month", pa.int32()),
        ("dob_day", pa.int32()),
        ("sex", pa.string()),
        ("cccd", pa.string()),
        ("cmnd", pa.string()),
        ("ward_codes", pa.list_(pa.string())),
        ("ward_block", pa.string()),
        ("address_detail", pa.string()),
        ("father_key", pa.string()),
        ("mother_key", pa.string()),
        ("hometown_code", pa.string()),
        ("hometown_ward", pa.string()),
    ]
)


# Below this many rows a second process costs more than it saves.
_PARALLEL_FROM = 100_000
_CHUNK = 50_000
_shared_rows: list = []  # inherited by forked workers, so rows are never pickled


def _chunk(job: tuple[int, int, tuple[str, ...]]) -> pa.Table:
    start, stop, provinces = job
    return _serial(_shared_rows[start:stop], provinces=provinces)


def features_table(
    rows: Iterable[Mapping[str, object]],
    progress=None,
    *,
    workers: int | None = None,
    provinces: tuple[str, ...] = (),
) -> pa.Table:
    """Normalise every row; `progress` (a tqdm-like object) is advanced as rows are done.
    `provinces`: the area the records come from (`normalise.parse_address`).

    Large inputs are split across processes (fork): normalising is pure Python, so one core
    per process is the only way to use the machine.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(rows) >= _PARALLEL_FROM else 1
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        return _serial(rows, progress, provinces=provinces)
    global _shared_rows
    _shared_rows = rows
    try:
        bounds = [
            (i, min(i + _CHUNK, len(rows)), provinces) for i in range(0, len(rows), _CHUNK)
        ]
        tables = []
        with mp.get_context("fork").Pool(workers) as pool:
            for table in pool.imap(_chunk, bounds):
                tables.append(table)
                if progress is not None:
                    progress.update(table.num_rows)
        return pa.concat_tables(tables)
    finally:
        _shared_rows = []


def _serial(
    rows: Iterable[Mapping[str, object]], progress=None, *, provinces: tuple[str, ...] = ()
) -> pa.Table:
    columns: dict[str, list] = {f.name: [] for f in SCHEMA}
    names = list(columns)
    for row in rows:
        feats = normalise_record(row, provinces)
        for name in names:
            columns[name].append(feats[name])
        if progress is not None:
            progress.update(1)
    return pa.table(columns, schema=SCHEMA)
