"""Reading and checking cleansing input files (CSV or Parquet) per the DESIGN.md contract.

A file is read by Arrow's CSV reader into string columns. Only when something is wrong with
it (not UTF-8, a ragged row, an empty or repeated record_id) is it read again by Python's csv
module, slowly, to name the line a person sees in their editor.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

INPUT_COLUMNS = (
    "record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
    "address", "father_name", "mother_name",
)  # fmt: skip


class CleansingInputError(ValueError):
    """The input file breaks the contract (or cannot be read); the message names what to fix.

    `rejected_rows`: the file was read but rows in it break the contract (an empty or
    repeated record_id, a ragged row) — the contract's exit 1; otherwise the file could not
    be used at all (missing, not UTF-8, no record_id column) — exit 2.
    """

    def __init__(self, message: str, *, rejected_rows: bool = False):
        super().__init__(message)
        self.rejected_rows = rejected_rows


def read_records(path: str | Path) -> pa.Table:
    """The records of a cleansing input file as string columns, checked: record_id present,
    non-empty and unique. Columns outside the contract are kept (and ignored by the engine)."""
    path = Path(path)
    if not path.is_file():
        raise CleansingInputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        table = _read_parquet(path)
    elif suffix in (".csv", ".txt"):
        table = _read_csv(path)
    else:
        raise CleansingInputError(f"{path}: unsupported file type {suffix!r}; use .csv or .parquet")
    if "record_id" not in table.column_names:
        raise CleansingInputError(
            f"{path}: no record_id column (columns: {', '.join(table.column_names) or 'none'})"
        )
    ids = pc.utf8_trim_whitespace(table["record_id"])
    if pc.any(pc.equal(ids, "")).as_py() or ids.null_count or len(pc.unique(ids)) < len(ids):
        _raise_id_problem(path, ids, suffix)
    return table.set_column(table.schema.get_field_index("record_id"), "record_id", ids)


def _read_parquet(path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as err:
        raise CleansingInputError(f"{path}: not a readable Parquet file ({err})") from None
    return pa.table({name: pc.cast(table[name], pa.string()) for name in table.column_names})


def _read_csv(path: Path) -> pa.Table:
    import pyarrow.csv as pacsv

    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip():
        raise CleansingInputError(f"{path}: empty file, expected a header row")
    try:
        header = next(csv.reader(io.StringIO(head.decode("utf-8-sig", errors="replace"))))
        return pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, StopIteration):
        return _read_csv_slowly(path)


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CleansingInputError(
            f"{path}: not UTF-8: byte 0x{data[err.start]:02x} at byte offset {err.start} "
            f"(line {line}); save the file as UTF-8"
        ) from None


def _csv_rows(path: Path):
    """(line number, row) of a CSV file, as Python's csv module reads it."""
    reader = csv.reader(io.StringIO(_decoded(path), newline=""))
    header = next(reader, None)
    if header is None:
        raise CleansingInputError(f"{path}: empty file, expected a header row")
    yield reader.line_num, header
    for row in reader:
        yield reader.line_num, row


def _read_csv_slowly(path: Path) -> pa.Table:
    rows = _csv_rows(path)
    _, header = next(rows)
    columns: dict[str, list] = {name: [] for name in header}
    for line, row in rows:
        if len(row) != len(header):
            raise CleansingInputError(
                f"{path}: line {line}: {len(row)} fields where the header has {len(header)}",
                rejected_rows=True,
            )
        for name, value in zip(header, row, strict=True):
            columns[name].append(value)
    return pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})


def _raise_id_problem(path: Path, ids: pa.ChunkedArray, suffix: str) -> None:
    """Raise naming the first empty or repeated record_id and its line."""
    if suffix == ".parquet":
        # Parquet has no header line: row n is reported as line n + 1, like a CSV's.
        lines = range(2, len(ids) + 2)
    else:
        rows = _csv_rows(path)
        next(rows)
        lines = [line for line, _row in rows]
    seen: dict[str, int] = {}
    for rid, line in zip(ids.to_pylist(), lines, strict=True):
        if not rid:
            raise CleansingInputError(
                f"{path}: line {line}: field record_id is empty", rejected_rows=True
            )
        if rid in seen:
            raise CleansingInputError(
                f"{path}: line {line}: duplicate record_id {rid!r} (first on line {seen[rid]})",
                rejected_rows=True,
            )
        seen[rid] = line
