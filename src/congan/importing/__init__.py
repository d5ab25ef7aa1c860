"""`congan import REGISTER FILE`: the one way records come in from files.

A file is imported all or nothing, in two phases, so that an import never keeps the web app
waiting (on SQLite a write transaction locks out every other writer, and a web request writes:
its audit entry, its session):

1. *Staging*, outside any transaction: rows are read as a stream (CSV or XLSX), each row is
   checked by the register's importer and against the records already stored, and the cleaned
   rows are prepared (`Importer.prepare`: personal values sealed, blind indexes computed) and
   written in batches to a private temporary file (deleted by the system even when the process
   is killed). Reading and checking go on to the end so that the reject report lists every bad
   row; if there is any, nothing is published and the database is never written.
2. *Publishing*: the staged batches are stored, the importer's `finish` runs and the caller's
   `before_commit` (the import's audit entry) is written. It does no parsing, checking or
   sealing, only inserts; the database shows all of the file or, after a refusal, a crash or
   `kill -9`, none of it.
   - On SQLite, for an importer whose `publishable` models are all it writes, the rows are
     stored in short transactions (a fraction of a second each, the write lock released
     between them), marked with an `ImportBatch` that keeps them from every reader
     (`org.models.Publishable`); the last, small transaction publishes the batch with the
     audit entry. However large the file, a web request waits for the lock a moment at most.
     A batch a killed import left unpublished is deleted, in short transactions, by the next
     import of the register (`discard_abandoned`).
   - Otherwise (PostgreSQL, where writers do not lock each other out; an importer that also
     updates rows; a caller's transaction around the import) in one transaction.

A record stored by someone else between the phases (a key the staging found free) ends the
publishing in an IntegrityError: what was stored is removed and the row reported as a reject.

A register plugs in by defining an `Importer` subclass in its app's `importers.py` and listing
it in that module's `IMPORTERS` dict: {"cases": CaseImporter}.

The framework's own words (a file refused as a whole, a row it cannot read) are `Message`s: a
translatable template with named parameters, given in the import's language (`messages_in`):
English on the command line (DESIGN.md), the user's language for an import started from a page.
This package is an app only for their catalogue (locale/).
"""

from __future__ import annotations

import csv
import os
import pickle
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from congan.vntext import nfc

BATCH_SIZE = 5000
#: SQLite's page cache for the publishing, in KiB: the indexes a large file's rows go into stay
#: in memory, which shortens the time the write lock is held by about a third (the default is 2 MB).
PUBLISH_CACHE_KIB = 131_072
#: Publishing in steps (SQLite): how long one transaction may hold the write lock, in seconds
#: (its number of rows is adapted to it), and the pause after it. The pause is longer than the
#: longest sleep of SQLite's busy handler (100 ms), so a request that waits for the lock gets it.
STEP_SECONDS = 0.4
STEP_PAUSE = 0.11
FIRST_STEP_ROWS = 500
DISCARD_CHUNK = 2000


# --- the import's language ----------------------------------------------------------------

#: The language of an import's messages and reject reasons: English, like the rest of the command
#: line, unless the import runs inside `messages_in` (an import started from a page).
_LANGUAGE: ContextVar[str] = ContextVar("import_language", default="en")
#: How a file's column is named in a message: as written in the header (the command line), or in
#: words (`messages_in(..., columns=)`: a page names "ngày phát hiện", not `detected_on`).
_COLUMN_WORDS: ContextVar[Callable[[str], str] | None] = ContextVar("import_column_words", default=None)


@contextmanager
def messages_in(language: str, *, columns: Callable[[str], str] | None = None):
    """Give the messages and reasons of the imports inside the block in `language`, a file's
    columns named by `columns(name)` where given."""
    tokens = _LANGUAGE.set(language), _COLUMN_WORDS.set(columns)
    try:
        yield
    finally:
        _LANGUAGE.reset(tokens[0])
        _COLUMN_WORDS.reset(tokens[1])


def message_language() -> str:
    return _LANGUAGE.get()


@dataclass(frozen=True)
class Columns:
    """A message's parameter naming columns of the file: as written (quoted if `quoted`), or in
    words inside `messages_in(..., columns=)`."""

    names: tuple[str, ...]
    quoted: bool = False

    def __str__(self) -> str:
        words = _COLUMN_WORDS.get()
        if words is not None:
            return ", ".join(words(n) for n in self.names)
        return ", ".join(repr(n) if self.quoted else n for n in self.names)


class Message:
    """Words of the framework: a translatable template (gettext_lazy) and its named parameters.
    `str()` gives it in the import's language (`message_language`), `render(language)` in another."""

    __slots__ = ("params", "template")

    def __init__(self, template: str | Promise, **params: Any):
        self.template = template
        self.params = params

    def render(self, language: str | None = None) -> str:
        with translation.override(language or message_language()):
            if not self.params:
                return str(self.template)
            return str(self.template) % {k: str(v) if isinstance(v, (Promise, Columns, Message)) else v
                                         for k, v in self.params.items()}

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.render('en')!r})"


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, header): `ImportFileError(template,
    file=name, **params)`, a `Message`; `str()` gives it in the import's language."""

    def __init__(self, template: str | Promise, **params: Any):
        self.message = Message(template, **params)
        super().__init__(template)

    def __str__(self) -> str:
        return str(self.message)

    def renamed(self, file: str) -> ImportFileError:
        """The same refusal naming the file as `file` (as uploaded, not as kept)."""
        return ImportFileError(self.message.template, **{**self.message.params, "file": file})


@dataclass(frozen=True)
class Reject:
    row: int  # 1-based line of the file; the header is row 1
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, field {self.field!r} ({self.value!r}): {self.reason}"


class RowError(Exception):
    """Raised by an importer's `clean_row` for one bad field; collected as a `Reject` (a `Message`
    reason in the import's language)."""

    def __init__(self, field: str, reason: str | Message, value: Any = ""):
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

@dataclass(frozen=True)
class BadRow:
    """A row `read_rows` could not read as the header says (more values than columns, a formula
    without its value): the import lists it as a reject like any other."""

    field: str
    reason: str | Message
    value: str = ""


def read_rows(path: str | Path, columns: Iterable[str], *, sheet: str | None = None
              ) -> Iterator[tuple[int, dict[str, str] | BadRow]]:
    """Yield (row number, {column: NFC text}) from a CSV (UTF-8) or XLSX file, streaming; a row
    that cannot be read as the header says comes as a `BadRow`.

    `columns` are the required header names; other named columns are passed on (optional ones).
    Read strictly: a duplicate header, a row with more values than the header, another encoding
    or delimiter, data on several sheets (unless `sheet` names one) or a formula without its
    computed value is refused, never guessed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet:
            raise ImportFileError(_("%(file)s: --sheet applies to .xlsx workbooks only"), file=path.name)
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, sheet)
    else:
        raise ImportFileError(_("%(file)s: expected a .csv or .xlsx file"), file=path.name)
    try:
        header = next(rows)
    except StopIteration:
        raise ImportFileError(_("%(file)s: the file is empty"), file=path.name) from None
    raw_header, header = header, [nfc(h).strip().lower() for h in header]
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name and name in seen:
            raise ImportFileError(_("%(file)s: column %(column)s appears twice in the header row "
                                    "(columns %(first)s and %(second)s); keep one"),
                                  file=path.name, column=Columns((name,), quoted=True), first=seen[name], second=i)
        seen.setdefault(name, i)
    missing = [c for c in columns if c not in header]
    if missing:
        hint = _delimiter_hint(raw_header)
        raise ImportFileError(_("%(file)s: missing column(s) %(columns)s in the header row%(hint)s"),
                              file=path.name, columns=Columns(tuple(missing)), hint=hint)
    index = {name: i for i, name in enumerate(header) if name}
    width = len(header)
    for number, values in enumerate(rows, start=2):
        if isinstance(values, BadRow):
            yield number, values
            continue
        if not any(v.strip() for v in values):
            continue  # blank line
        extra = [v for v in values[width:] if v.strip()]
        if extra:
            yield number, BadRow("(row)", Message(_("%(values)s values but the header names %(columns)s columns "
                                                    "(a delimiter inside an unquoted value?)"),
                                                  values=width + len(extra), columns=width), extra[0])
            continue
        yield number, {c: nfc(values[i]) if i < len(values) else "" for c, i in index.items()}


def _delimiter_hint(header: list[str]) -> Message | str:
    joined = "".join(header)
    for delimiter, name in ((";", _("semicolons")), ("\t", _("tabs")), ("|", _("vertical bars"))):
        if delimiter in joined:
            return Message(_(" (the columns seem separated by %(delimiter)s: save the file as CSV UTF-8, "
                             "comma-delimited)"), delimiter=name)
    return ""


def _decoded_lines(path: Path, raw) -> Iterator[str]:
    """The file's lines as text, each decoded on its own so a bad byte is named on its true line."""
    for line_no, line in enumerate(raw, start=1):
        if line_no == 1:
            if line.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(line) > 3 and line[1:2] == b"\x00"):
                raise ImportFileError(_("%(file)s: the file is UTF-16 text; save it as CSV UTF-8"), file=path.name)
            line = line.removeprefix(b"\xef\xbb\xbf")
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("%(file)s: not UTF-8 text on line %(line)s (byte %(byte)s at column %(column)s); "
                  "save the file as CSV UTF-8"),
                file=path.name, line=line_no, byte=f"0x{line[exc.start]:02x}", column=exc.start + 1) from None


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        lines = _LineCounter(_decoded_lines(path, raw))
        reader = csv.reader(lines, strict=True)
        while True:
            start = lines.count + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "end of data" in str(exc) or lines.count - start > 1000:
                    raise ImportFileError(_("%(file)s: a quoted value opened on line %(line)s is never closed"),
                                          file=path.name, line=start) from None
                # the detail is Python's, in English: a translation may leave it out
                # xgettext:no-python-format
                raise ImportFileError(_("%(file)s: line %(line)s: %(detail)s"), file=path.name, line=lines.count,
                                      detail=str(exc)) from None
            yield values


class _LineCounter:
    """Counts the lines csv.reader has taken, to name the line where a record began."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.count += 1
        return line


def _has_data(worksheet) -> bool:
    return any(v is not None and str(v).strip() for row in worksheet.iter_rows(values_only=True, max_row=200)
               for v in row)


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[list[str] | BadRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        # the detail is openpyxl's, in English: a translation may leave it out
        # xgettext:no-python-format
        raise ImportFileError(_("%(file)s: not a readable .xlsx workbook (%(detail)s)"), file=path.name,
                              detail=str(exc)) from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise ImportFileError(_("%(file)s: no sheet named %(sheet)s; the sheets are %(sheets)s"),
                                      file=path.name, sheet=repr(sheet), sheets=", ".join(book.sheetnames))
            name = sheet
        else:
            with_data = [ws.title for ws in book.worksheets if _has_data(ws)]
            if len(with_data) > 1:
                raise ImportFileError(_("%(file)s: data on several sheets (%(sheets)s); keep one sheet or name "
                                        "it with --sheet"), file=path.name, sheets=", ".join(with_data))
            name = with_data[0] if with_data else book.sheetnames[0]
        header: list[str] = []
        for values, written in zip(book[name].iter_rows(values_only=True),
                                   formulas[name].iter_rows(values_only=True), strict=False):
            row = [_cell_text(v) for v in values]
            if not header:
                header = row
            else:
                empty = next((i for i, (v, f) in enumerate(zip(values, written, strict=False))
                              if v is None and isinstance(f, str) and f.startswith("=")), None)
                if empty is not None:
                    column = header[empty] if empty < len(header) and header[empty] else f"column {empty + 1}"
                    yield BadRow(column.strip().lower(), Message(_("a formula without its computed value: open "
                                                                   "the file in Excel or LibreOffice and save it again")),
                                 str(written[empty]))
                    continue
            yield row
    finally:
        book.close()
        formulas.close()


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
            raise RowError(field_name, gettext_noop("required"), value)
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(field_name, gettext_noop("not a date in yyyy-mm-dd form"), value) from None


def parse_int(value: str, field_name: str, *, minimum: int | None = None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise RowError(field_name, gettext_noop("not a whole number"), value) from None
    if minimum is not None and number < minimum:
        raise RowError(field_name, Message(_("must be at least %(minimum)s"), minimum=minimum), value)
    return number


def parse_choice(value: str, field_name: str, choices: Iterable[str]) -> str:
    allowed = list(choices)
    if value not in allowed:
        raise RowError(field_name, Message(_("unknown value; expected one of %(choices)s"),
                                           choices=", ".join(allowed)), value)
    return value


# --- the importer contract ------------------------------------------------------------------

class Importer:
    """One register's import: which columns, how a row becomes objects, how a batch is stored.

    Subclasses set `register`, `columns` and `key_column`, implement `clean_row` (raise
    `RowError` for a bad field; return whatever `store` needs) and `store`, and may override
    `existing_keys` to refuse records already in the database, `prepare` for work on a batch of
    checked rows done before publishing and `finish` for work after the last batch.

    An importer whose `store` only inserts, into `publishable` models (`org.models.Publishable`,
    parents first), lists them: on SQLite it is then published in short transactions, and
    `store` marks every row it inserts with `self.import_batch` (None when published at once).
    """

    register: str = ""
    columns: tuple[str, ...] = ()
    key_column: str = ""
    publishable: tuple[type, ...] = ()

    def __init__(self, *, actor=None):
        self.actor = actor
        self.import_batch: int | None = None

    def clean_row(self, row: dict[str, str]) -> Any:
        """Called while staging, outside any transaction: it may read the database, never write.
        What it returns is pickled to the staging file, then handed to `store`."""
        raise NotImplementedError

    def prepare(self, cleaned: list[Any]) -> None:
        """Called while staging, outside any transaction, on each batch of checked rows (in place),
        before it is written to the staging file: the costly work `store` need not do."""

    def store(self, cleaned: list[Any]) -> int:
        raise NotImplementedError

    def existing_keys(self, keys: list[str]) -> set[str]:
        return set()

    def finish(self) -> None:
        """Called once after the last batch of a clean file, inside the publishing transaction."""


def run_import(importer: Importer, path: str | Path, *, progress=None, sheet: str | None = None,
               on_publish: Callable[[int], None] | None = None,
               before_commit: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Import a file all or nothing; the result lists every reject with row, field and reason.

    `on_publish(rows)` is told when the staging is done and the publishing begins;
    `before_commit(result)` runs inside the publishing transaction after the last row (a clean
    file only), so what it writes is stored with the records or not at all.
    """
    result = ImportResult(register=importer.register, path=str(path))
    discard_abandoned(importer)
    with tempfile.TemporaryFile(prefix="congan-import-") as staging:
        keys = _stage(importer, path, result, staging, progress=progress, sheet=sheet)
        if result.rejects:
            return result
        if on_publish is not None:
            on_publish(keys)
        try:
            if importer.publishable and connection.vendor == "sqlite" and not connection.in_atomic_block:
                _publish_in_steps(importer, result, staging, before_commit)
            else:
                _publish(importer, result, staging, before_commit)
        except IntegrityError:
            result.stored = 0
            if not importer.key_column:
                raise
            _recheck(importer, result, staging)
            if not result.rejects:
                raise
    return result


def _batches(staging) -> Iterator[list[tuple[int, str, Any]]]:
    staging.seek(0)
    while True:
        try:
            yield pickle.load(staging)  # noqa: S301 - our own file, written by this process
        except EOFError:
            return


def _stage(importer: Importer, path, result: ImportResult, staging, *, progress, sheet) -> int:
    """Read and check every row; write the cleaned ones to `staging` in batches. No transaction."""
    seen: dict[str, int] = {}
    batch: list[tuple[int, str, Any]] = []
    staged = 0

    def flush():
        nonlocal staged
        clashes = importer.existing_keys([k for _row, k, _obj in batch]) if importer.key_column else set()
        for row_no, key, _obj in batch:
            if key in clashes:
                result.rejects.append(Reject(row_no, importer.key_column, key, gettext_noop("already stored")))
        if not result.rejects:  # after the first reject nothing more is staged
            importer.prepare([obj for _, _, obj in batch])
            pickle.dump(batch, staging, protocol=pickle.HIGHEST_PROTOCOL)
            staged += len(batch)
        batch.clear()

    for row_no, row in read_rows(path, importer.columns, sheet=sheet):
        result.rows += 1
        if progress is not None:
            progress.update(1)
        if isinstance(row, BadRow):
            result.rejects.append(Reject(row_no, row.field, row.value, str(row.reason)))
            continue
        nul = next((name for name, value in row.items() if "\x00" in value), None)
        if nul is not None:  # no database stores it, none may be asked about it
            result.rejects.append(Reject(row_no, nul, row[nul], gettext_noop("contains a NUL character")))
            continue
        key = row.get(importer.key_column, "") if importer.key_column else ""
        if importer.key_column:
            if not key:
                result.rejects.append(Reject(row_no, importer.key_column, "", gettext_noop("required")))
                continue
            if key in seen:
                result.rejects.append(Reject(row_no, importer.key_column, key,
                                             str(Message(_("duplicate of row %(row)s"), row=seen[key]))))
                continue
            seen[key] = row_no
        try:
            cleaned = importer.clean_row(row)
        except RowError as err:
            result.rejects.append(Reject(row_no, err.field, err.value, str(err.reason)))
            continue
        batch.append((row_no, key, cleaned))
        if len(batch) >= BATCH_SIZE:
            flush()
    if batch:
        flush()
    staging.flush()
    return staged


def _publish(importer: Importer, result: ImportResult, staging, before_commit) -> None:
    """Store the staged batches in one transaction: inserts only, the checking is done."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{PUBLISH_CACHE_KIB}")
    with transaction.atomic():
        for batch in _batches(staging):
            result.stored += importer.store([obj for _row, _key, obj in batch])
        importer.finish()
        if before_commit is not None:
            before_commit(result)


@contextmanager
def _write_transaction():
    """A transaction that takes SQLite's write lock at its start (BEGIN IMMEDIATE): reading first
    and writing later could find another writer's commit in between, an error with no waiting."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    mode, connection.transaction_mode = connection.transaction_mode, "IMMEDIATE"
    try:
        with transaction.atomic():
            connection.transaction_mode = mode
            yield
    finally:
        connection.transaction_mode = mode


def _publish_in_steps(importer: Importer, result: ImportResult, staging, before_commit) -> None:
    """Store the staged rows in short transactions, invisible until the last one publishes them."""
    ImportBatch = _batch_model(importer)  # noqa: N806 - a model
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA cache_size = -{PUBLISH_CACHE_KIB}")
    batch = ImportBatch.objects.create(register=importer.register, pid=os.getpid(), host=socket.gethostname())
    importer.import_batch = batch.pk
    size = FIRST_STEP_ROWS
    try:
        for staged in _batches(staging):
            rows = [obj for _, _, obj in staged]
            while rows:
                step, rows = rows[:size], rows[size:]
                started = time.monotonic()
                with _write_transaction():
                    result.stored += importer.store(step)
                took = time.monotonic() - started
                size = max(50, min(5 * size, int(len(step) * STEP_SECONDS / max(took, 1e-3))))
                time.sleep(STEP_PAUSE)
        with _write_transaction():
            importer.finish()
            if before_commit is not None:
                before_commit(result)
            ImportBatch.objects.filter(pk=batch.pk).update(published=True)
    except BaseException:
        result.stored = 0
        with suppress(Exception):  # else the next import of the register discards it
            _discard(ImportBatch, batch.pk, importer.publishable)
        raise
    finally:
        importer.import_batch = None


def _batch_model(importer: Importer):
    """The model of import batches, as the importer's publishable models point to it."""
    return importer.publishable[0]._meta.get_field("import_batch").related_model


def _discard(ImportBatch, batch_pk: int, models: Iterable[type]) -> None:  # noqa: N803 - a model
    """Delete an unpublished batch's rows (children first), in short transactions, then the batch."""
    for model in reversed(tuple(models)):
        ids = list(model._base_manager.filter(import_batch=batch_pk).values_list("pk", flat=True))
        table = connection.ops.quote_name(model._meta.db_table)
        for start in range(0, len(ids), DISCARD_CHUNK):
            chunk = ids[start:start + DISCARD_CHUNK]
            with _write_transaction(), connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                               chunk)
            time.sleep(STEP_PAUSE if connection.vendor == "sqlite" else 0)
    ImportBatch.objects.filter(pk=batch_pk).delete()


def _abandoned(batch) -> bool:
    """The batch's import is no longer running: its process is gone (or the id is another's now)."""
    if batch.host != socket.gethostname():
        return False  # another machine's import: only it can tell
    try:
        os.kill(batch.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    started = _process_start(batch.pid)  # a process with that id started after the batch: the id was given again
    return started is not None and started > batch.started_at.timestamp() + 1


def _process_start(pid: int) -> float | None:
    """When a process started (Linux), in seconds since the epoch; None if unknown."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime
        with open("/proc/stat") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith("btime"))
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def discard_abandoned(importer: Importer) -> int:
    """Delete what imports of the importer's register killed while publishing left behind (rows
    no reader sees); how many such imports there were."""
    if not importer.publishable:
        return 0
    ImportBatch = _batch_model(importer)  # noqa: N806 - a model
    abandoned = [b for b in ImportBatch.objects.filter(register=importer.register, published=False) if _abandoned(b)]
    for batch in abandoned:
        _discard(ImportBatch, batch.pk, importer.publishable)
    return len(abandoned)


def _recheck(importer: Importer, result: ImportResult, staging) -> None:
    """After a clash at publishing: name the rows whose key was stored meanwhile."""
    for batch in _batches(staging):
        clashes = importer.existing_keys([k for _row, k, _obj in batch])
        reason = str(Message(_("already stored (while the file was being imported)")))
        result.rejects.extend(Reject(row_no, importer.key_column, key, reason)
                              for row_no, key, _obj in batch if key in clashes)
