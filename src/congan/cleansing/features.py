"""Input rows → the Arrow table of normalised features the linking model compares."""

from __future__ import annotations

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


def features_table(rows: Iterable[Mapping[str, object]], progress=None) -> pa.Table:
    """Normalise every row; `progress` (a tqdm-like object) is advanced per row if given."""
    columns: dict[str, list] = {f.name: [] for f in SCHEMA}
    names = list(columns)
    for row in rows:
        feats = normalise_record(row)
        for name in names:
            columns[name].append(feats[name])
        if progress is not None:
            progress.update(1)
    return pa.table(columns, schema=SCHEMA)
