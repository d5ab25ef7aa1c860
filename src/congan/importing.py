"""`congan import REGISTER FILE`: the one way records come in from files.

A file is imported all or nothing. Rows are read as a stream (CSV or XLSX), each row is checked
by the register's importer, and valid rows are written in batches inside one transaction. The
first reject stops the writing, but reading and checking go on to the end so that the reject
report lists every bad row; then the transaction is rolled back and nothing is stored.

A register plugs in by defining an `Importer` subclass in its app's `importers.py` and listing
it in that module's `IMPORTERS` dict: {"cases": CaseImporter}.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from congan.vntext import nfc

BATCH_SIZE = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, header)."""


@dataclass(frozen=True)
class Reject:
    row: int  # 1-based line of the file; the header is row 1
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, field {self.field!r} ({self.value!r}): {self.reason}"


class RowError(Exception):
    """Raised by an importer's `clean_row` for one bad field; collected as a `Reject`."""

    def __init__(self, field: str, reason: str, value: Any = ""):
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.value = "" if value is None else str(value)


@dataclass
class ImportResult:
    register: str
    path: str
    rows: int = 0
    stored: int = 0
    rejects: list[Reject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejects

    def write_rejects(self, out) -> None:
        writer = csv.writer(out)
        writer.writerow(["row", "field", "value", "reason"])
        for r in self.rejects:
            writer.writerow([r.row, r.field, r.value, r.reason])


# --- reading -------------------------------------------------------------------------------

def read_rows(path: str | Path, columns: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, {column: NFC text}) from a CSV (UTF-8) or XLSX file, streaming.

    `columns` are the required header names; extra columns are ignored.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise ImportFileError(f"{path.name}: expected a .csv or .xlsx file")
    try:
        header = next(rows)
    except StopIteration:
        raise ImportFileError(f"{path.name}: the file is empty") from None
    header = [nfc(h).lower() for h in header]
    missing = [c for c in columns if c not in header]
    if missing:
        raise ImportFileError(f"{path.name}: missing column(s) {', '.join(missing)} in the header row")
    index = {name: i for i, name in enumerate(header)}
    for number, values in enumerate(rows, start=2):
        if not any(v.strip() for v in values):
            continue  # blank line
        yield number, {c: nfc(values[i]) if i < len(values) else "" for c, i in index.items()}


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(text)
        try:
            yield from reader
        except UnicodeDecodeError as exc:
            line = reader.line_num + 1
            raise ImportFileError(
                f"{path.name}: not UTF-8 text near line {line} (byte 0x{exc.object[exc.start]:02x}); "
                "save the file as CSV UTF-8"
            ) from None
        except csv.Error as exc:
            raise ImportFileError(f"{path.name}: line {reader.line_num}: {exc}") from None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise ImportFileError(f"{path.name}: not a readable .xlsx workbook ({exc})") from None
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- field parsers shared by importers ------------------------------------------------------

def parse_iso_date(value: str, field_name: str, *, required: bool = True) -> date | None:
    if not value:
        if required:
            raise RowError(field_name, "required", value)
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(field_name, "not a date in yyyy-mm-dd form", value) from None


def parse_int(value: str, field_name: str, *, minimum: int | None = None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise RowError(field_name, "not a whole number", value) from None
    if minimum is not None and number < minimum:
        raise RowError(field_name, f"must be at least {minimum}", value)
    return number


def parse_choice(value: str, field_name: str, choices: Iterable[str]) -> str:
    allowed = list(choices)
    if value not in allowed:
        raise RowError(field_name, f"unknown value; expected one of {', '.join(allowed)}", value)
    return value


# --- the importer contract ------------------------------------------------------------------

class Importer:
    """One register's import: which columns, how a row becomes objects, how a batch is stored.

    Subclasses set `register`, `columns` and `key_column`, implement `clean_row` (raise
    `RowError` for a bad field; return whatever `store` needs) and `store`, and may override
    `existing_keys` to refuse records already in the database and `finish` for work after the
    last batch.
    """

    register: str = ""
    columns: tuple[str, ...] = ()
    key_column: str = ""

    def __init__(self, *, actor=None):
        self.actor = actor

    def clean_row(self, row: dict[str, str]) -> Any:
        raise NotImplementedError

    def store(self, cleaned: list[Any]) -> int:
        raise NotImplementedError

    def existing_keys(self, keys: list[str]) -> set[str]:
        return set()

    def finish(self) -> None:
        """Called once after the last batch of a clean file, inside the import's transaction."""


def run_import(importer: Importer, path: str | Path, *, progress=None) -> ImportResult:
    """Import a file all or nothing; the result lists every reject with row, field and reason."""
    result = ImportResult(register=importer.register, path=str(path))
    seen: dict[str, int] = {}
    batch: list[tuple[int, str, Any]] = []

    def flush():
        clashes = importer.existing_keys([k for _, k, _ in batch]) if importer.key_column else set()
        for row_no, key, _ in batch:
            if key in clashes:
                result.rejects.append(Reject(row_no, importer.key_column, key, "already stored"))
        if not result.rejects:  # after the first reject nothing more is written
            result.stored += importer.store([obj for _, _, obj in batch])
        batch.clear()

    with transaction.atomic():
        for row_no, row in read_rows(path, importer.columns):
            result.rows += 1
            if progress is not None:
                progress.update(1)
            nul = next((name for name, value in row.items() if "\x00" in value), None)
            if nul is not None:  # no database stores it, none may be asked about it
                result.rejects.append(Reject(row_no, nul, row[nul], "contains a NUL character"))
                continue
            key = row.get(importer.key_column, "") if importer.key_column else ""
            if importer.key_column:
                if not key:
                    result.rejects.append(Reject(row_no, importer.key_column, "", "required"))
                    continue
                if key in seen:
                    result.rejects.append(Reject(row_no, importer.key_column, key,
                                                 f"duplicate of row {seen[key]}"))
                    continue
                seen[key] = row_no
            try:
                cleaned = importer.clean_row(row)
            except RowError as err:
                result.rejects.append(Reject(row_no, err.field, err.value, err.reason))
                continue
            batch.append((row_no, key, cleaned))
            if len(batch) >= BATCH_SIZE:
                flush()
        if batch:
            flush()
        if not result.rejects:
            importer.finish()
        if result.rejects:
            result.stored = 0
            transaction.set_rollback(True)
    return result
