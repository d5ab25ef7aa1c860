"""Reading and checking cleansing input files (CSV or Parquet) per the DESIGN.md contract."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow.parquet as pq

INPUT_COLUMNS = (
    "record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
    "address", "father_name", "mother_name",
)  # fmt: skip


class CleansingInputError(ValueError):
    """The input file breaks the contract; the message names the row and field."""


def _read_csv(path: Path) -> tuple[list[dict[str, str]], list[int]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CleansingInputError(
            f"{path}: not UTF-8: byte 0x{data[err.start]:02x} at byte offset {err.start} "
            f"(line {line}); save the file as UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows, lines = [], []
    for row in reader:
        rows.append(row)
        lines.append(reader.line_num)
    if reader.fieldnames is None:
        raise CleansingInputError(f"{path}: empty file, expected a header row")
    return rows, lines


def _read_parquet(path: Path) -> tuple[list[dict[str, str]], list[int]]:
    table = pq.read_table(path)
    rows = [{k: ("" if v is None else str(v)) for k, v in row.items()} for row in table.to_pylist()]
    # Parquet has no header line: row n is reported as n + 1 to read like a CSV line.
    return rows, list(range(2, len(rows) + 2))


def read_records(path: str | Path) -> list[dict[str, str]]:
    """Rows of a cleansing input file, checked: record_id present, non-empty and unique."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        rows, lines = _read_parquet(path)
        columns = list(rows[0]) if rows else pq.read_schema(path).names
    elif suffix in (".csv", ".txt"):
        rows, lines = _read_csv(path)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            columns = next(csv.reader(fh), [])
    else:
        raise CleansingInputError(f"{path}: unsupported file type {suffix!r}; use .csv or .parquet")
    if "record_id" not in columns:
        raise CleansingInputError(
            f"{path}: no record_id column (columns: {', '.join(columns) or 'none'})"
        )
    seen: dict[str, int] = {}
    for row, line in zip(rows, lines, strict=True):
        rid = (row.get("record_id") or "").strip()
        if not rid:
            raise CleansingInputError(f"{path}: line {line}: field record_id is empty")
        if rid in seen:
            raise CleansingInputError(
                f"{path}: line {line}: duplicate record_id {rid!r} (first on line {seen[rid]})"
            )
        seen[rid] = line
        row["record_id"] = rid
    return rows
