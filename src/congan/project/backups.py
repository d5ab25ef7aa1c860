"""`congan backup` and `congan restore`: a backup that restores, checked against its own manifest.

A backup is a directory: the data (`data.sqlite3`, a copy made by SQLite's online backup API, or
`data.dump`, `pg_dump -Fc`) and `manifest.json` (rows per table, the audit chain's head hash, the
ids of the audit keys the chain needs, created-at, vendor, app version, the data file's SHA-256).
It never holds the keys: they are kept apart, and a backup is refused inside their directory.

The counts and the head are read in the same snapshot as the data: on SQLite inside the read
transaction the copy is made in, on PostgreSQL in a REPEATABLE READ transaction whose snapshot
pg_dump is given (`--snapshot`), so a server writing meanwhile cannot make the manifest disagree.

A restore checks the data file's checksum before it touches anything, then replaces the whole
database: SQLite by a copy into a temporary file beside it, renamed over it after the stale
`-wal`/`-shm` are removed (a stale WAL re-applies what the backup does not hold, or corrupts the
file); PostgreSQL by `pg_restore --clean --if-exists --single-transaction` (the database created
first if missing). Afterwards the restored database is checked: rows per table against the
manifest, the keyed audit chain (`audit.verify`), its head against the backup's head, and the
signed checkpoints up to that head.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from congan.config.files import DIR_MODE, FILE_MODE, private_file

FORMAT = "congan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_FILES = {"sqlite": "data.sqlite3", "postgresql": "data.dump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
KEYS_NOTE = ("The keys are not in this backup. Keep CONGAN_SECRET_KEY, CONGAN_AUDIT_KEY and CONGAN_DATA_KEY "
             "(their files) apart from it, in the safe: without the audit keys listed under audit.key_ids the "
             "restored audit trail cannot be verified, and without the data keys (`congan keys check` lists "
             "those in use) the personal data cannot be read.")


class BackupError(Exception):
    """The command cannot run as asked; the message says what to fix (exit 2)."""


class Mismatch(Exception):
    """The backup is damaged, or the restored database differs from its manifest (exit 1)."""


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, int]
    head: str
    last_id: int
    key_ids: list[str]


@dataclass
class Restored:
    manifest: dict
    created_database: bool = False
    entries_checked: int = 0
    checkpoints_read: int = 0
    later_checkpoints: list[str] = field(default_factory=list)


def app_version() -> str:
    try:
        return metadata.version("congan")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- what the database holds -----------------------------------------------------------------

def _tables() -> list[str]:
    with connection.cursor() as cur:
        names = connection.introspection.table_names(cur)
    return sorted(n for n in names if not n.startswith("sqlite_"))


def snapshot() -> Snapshot:
    """Rows per table and the audit chain's head, as the current connection (transaction) sees them."""
    from congan.org import audit
    from congan.org.models import AuditEntry

    counts = {}
    with connection.cursor() as cur:
        for table in _tables():
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table name from the catalogue)
            counts[table] = cur.fetchone()[0]
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    key_ids = sorted(set(AuditEntry.objects.values_list("key_id", flat=True).distinct()))
    return Snapshot(counts, audit.head(), last_id, key_ids)


def tables_with_rows() -> list[str]:
    found = []
    with connection.cursor() as cur:
        for table in _tables():
            cur.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cur.fetchone():
                found.append(table)
    return found


# --- keys kept apart -------------------------------------------------------------------------

def key_directories() -> list[Path]:
    """Directories holding the installation's keys: those of every CONGAN_*KEY*_FILE, and the data
    directory where keys are generated outside production (or where key files lie)."""
    found = set()
    for name, value in os.environ.items():
        if name.startswith("CONGAN_") and name.endswith("_FILE") and "KEY" in name and value:
            found.add(Path(value).expanduser().resolve().parent)
    data_dir = Path(settings.DATA_DIR).resolve()
    if not settings.PRODUCTION or any(data_dir.glob("*key*")):
        found.add(data_dir)
    return sorted(found)


def _inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


# --- PostgreSQL tools ------------------------------------------------------------------------

def _version(tool: str) -> tuple[int, ...]:
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return ()
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    return tuple(int(g) for g in match.groups() if g) if match else ()


def pg_tool(name: str) -> str:
    """`pg_dump` or `pg_restore`: the newest found on PATH or in /usr/lib/postgresql/*/bin (a newer
    client reads an older server, never the reverse)."""
    candidates = {p for p in [shutil.which(name), *glob.glob(f"/usr/lib/postgresql/*/bin/{name}")] if p}
    versioned = [(v, p) for p in candidates if (v := _version(p))]
    if not versioned:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools (postgresql-client) "
                          "or put them on PATH")
    return max(versioned)[1]


def _pg_env() -> dict[str, str]:
    """The connection of the default database for libpq (the password in the environment, not argv)."""
    params = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    if sslmode := (params.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["no message"])[0]


# --- backup ----------------------------------------------------------------------------------

def _backup_sqlite(dest: Path) -> Snapshot:
    if connection.in_atomic_block:  # already in a transaction: that is the snapshot
        snap = snapshot()
        _copy_sqlite(dest)
        return snap
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN")  # a read transaction: the counts and the copy see the same pages
    try:
        snap = snapshot()
        _copy_sqlite(dest)
    finally:
        raw.execute("COMMIT")
    return snap


def _copy_sqlite(dest: Path) -> None:
    target = sqlite3.connect(dest)
    try:
        connection.connection.backup(target)  # all pages in one step: one consistent copy
        target.execute("PRAGMA journal_mode=DELETE")  # a standalone file: no -wal beside it
    finally:
        target.close()


def _backup_postgres(dest: Path) -> Snapshot:
    if connection.in_atomic_block:
        raise BackupError("cannot back up from inside a transaction: pg_dump sees committed data only")
    pg_dump = pg_tool("pg_dump")
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot_id = cur.fetchone()[0]
        snap = snapshot()
        done = subprocess.run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", "--file", str(dest),
             "--dbname", connection.settings_dict["NAME"]],
            env=_pg_env(), capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {_first_error(done.stderr)}")
    return snap


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def default_output() -> Path:
    return Path.cwd() / f"congan-backup-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"


def backup(output: Path | None = None) -> tuple[Path, dict]:
    """Write a backup of the default database into the new directory `output`; returns it and its manifest."""
    vendor = connection.vendor
    if vendor not in DATA_FILES:
        raise BackupError(f"cannot back up a {vendor} database: SQLite and PostgreSQL only")
    output = Path(output or default_output()).expanduser().absolute()
    resolved = output.resolve()
    for keys in key_directories():
        if _inside(resolved, keys):
            raise BackupError(f"refusing to write the backup into {keys}, which holds the keys: keep backups "
                              "and keys apart (choose another --output)")
    if output.exists():
        raise BackupError(f"{output} already exists: name a new directory")
    if not output.parent.is_dir():
        raise BackupError(f"{output.parent} is not a directory")
    partial = output.with_name(f".{output.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(mode=DIR_MODE)
    except OSError as exc:
        raise BackupError(f"cannot write into {output.parent}: {exc.strerror}") from None
    os.chmod(partial, DIR_MODE)
    try:
        data = private_file(partial / DATA_FILES[vendor])
        snap = _backup_sqlite(data) if vendor == "sqlite" else _backup_postgres(data)
        os.chmod(data, FILE_MODE)
        _fsync(data)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "app_version": app_version(),
            "database": Path(str(connection.settings_dict["NAME"])).name,
            "data": {"file": data.name, "bytes": data.stat().st_size, "sha256": _sha256(data)},
            "tables": snap.tables,
            "rows": sum(snap.tables.values()),
            "audit": {"head": snap.head, "last_id": snap.last_id, "key_ids": snap.key_ids},
            "keys": KEYS_NOTE,
        }
        fd = os.open(partial / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(manifest, out, indent=2, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.rename(partial, output)  # complete or absent: an unfinished backup has no name
        _fsync(output.parent)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return output, manifest


# --- restore ---------------------------------------------------------------------------------

def load_manifest(backup_path: Path) -> tuple[dict, Path]:
    """The manifest of the backup directory `backup_path` (or of its manifest.json) and the directory."""
    backup_path = Path(backup_path)
    path = backup_path / MANIFEST if backup_path.is_dir() else backup_path
    folder = path.parent
    if not path.is_file():
        raise BackupError(f"{backup_path}: no {MANIFEST} found: not a congan backup, or an unfinished one")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path}: unreadable manifest ({exc})") from None
    required = ("vendor", "data", "tables", "audit")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or any(k not in manifest for k in required):
        raise BackupError(f"{path}: not a congan backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path}: backup format {manifest.get('format_version')!r}; this congan reads "
                          f"format {FORMAT_VERSION}")
    name = str(manifest["data"].get("file", ""))
    if not name or Path(name).name != name:
        raise BackupError(f"{path}: the data file name {name!r} is not a plain file name")
    return manifest, folder


def restore(backup_path: Path, *, force: bool = False, checkpoint_dir: Path | None = None) -> Restored:
    """Replace the default database by the backup, then check it against the manifest.

    BackupError: nothing was changed. Mismatch before the database is touched (a damaged backup)
    or after (the restored database differs from the manifest)."""
    manifest, folder = load_manifest(backup_path)
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        theirs = VENDOR_NAMES.get(manifest["vendor"], str(manifest["vendor"]))
        raise BackupError(f"this backup is of a {theirs} database and this installation uses {VENDOR_NAMES[vendor]}: "
                          f"restore it where CONGAN_DATABASE_URL names a {theirs} database")
    data = folder / manifest["data"]["file"]
    if not data.is_file():
        raise BackupError(f"{data} is missing: the backup is incomplete")
    if _sha256(data) != manifest["data"].get("sha256"):
        raise Mismatch(f"the backup is damaged: {data.name} does not match the checksum in its manifest; "
                       "nothing was restored")
    result = Restored(manifest)
    if vendor == "sqlite":
        _restore_sqlite(data, force=force)
    else:
        result.created_database = _restore_postgres(data, force=force)
    check(result, checkpoint_dir)
    return result


def _refuse_if_not_empty(where: str) -> None:
    if full := tables_with_rows():
        raise BackupError(f"{where} already holds data ({len(full)} tables with rows, e.g. {full[0]}): "
                          "add --force to replace it with the backup")


def _restore_sqlite(data: Path, *, force: bool) -> None:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("the database is in memory: set CONGAN_DATABASE_URL to an SQLite file to restore into")
    target = Path(name)
    if not force:
        _refuse_if_not_empty(f"the database {target}")
    connection.close()
    temp = target.with_name(f".{target.name}.restore-{os.getpid()}")
    _remove(temp)
    try:
        private_file(temp)
        shutil.copyfile(data, temp)  # into the 0600 file: copyfile keeps the mode of an existing file
        check_conn = sqlite3.connect(temp)
        try:
            state = check_conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            check_conn.close()
        if state != "ok":
            raise Mismatch(f"the backup's database file is damaged ({state}); nothing was restored")
        _remove(temp)  # not the file: its -wal/-shm, if the check left any
        _fsync(temp)
        # A -wal or -shm left beside the old file would be replayed into the new one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temp, target)
        _fsync(target.parent)
    finally:
        Path(temp).unlink(missing_ok=True)
        _remove(temp)


def _remove(path: Path) -> None:
    """The -wal, -shm and -journal of an SQLite file."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _ensure_postgres_database() -> bool:
    """Create the default database if missing (True when created)."""
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    name = params["NAME"]
    kwargs = {k.lower(): str(params[k]) for k in ("HOST", "PORT", "USER", "PASSWORD") if params.get(k)}
    errors = []
    for maintenance in ("postgres", "template1"):
        try:
            conn = psycopg.connect(dbname=maintenance, autocommit=True, connect_timeout=20, **kwargs)
            break
        except psycopg.OperationalError as exc:
            errors.append(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))
    else:
        raise BackupError(f"cannot connect to the PostgreSQL server: {errors[0]}")
    with conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            reason = exc.diag.message_primary or str(exc)
            raise BackupError(f"database {name} does not exist and cannot be created ({reason}): create it "
                              f"first (createdb -O OWNER {name})") from None
    return True


def _restore_postgres(data: Path, *, force: bool) -> bool:
    pg_restore = pg_tool("pg_restore")
    name = connection.settings_dict["NAME"]
    connection.close()
    created = _ensure_postgres_database()
    if not force and not created:
        _refuse_if_not_empty(f"the database {name}")
    connection.close()
    done = subprocess.run(
        [pg_restore, "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
         "--dbname", name, str(data)],
        env=_pg_env(), capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, the database is unchanged (one transaction): {_first_error(done.stderr)}")
    return created


def check(result: Restored, checkpoint_dir: Path | None = None) -> None:
    """The restored database against the manifest: rows per table, the keyed audit chain, its head,
    and the signed checkpoints up to that head (later ones are listed: entries after the backup)."""
    from congan.org import audit, checkpoints

    manifest = result.manifest
    connection.close()
    now = snapshot()
    for table, expected in sorted(manifest["tables"].items()):
        got = now.tables.get(table)
        if got is None:
            raise Mismatch(f"table {table} of the backup is missing from the restored database")
        if got != expected:
            raise Mismatch(f"table {table} holds {got} rows after the restore; the backup's manifest says {expected}")
    checked, broken = audit.verify()
    if broken:
        raise Mismatch(f"audit chain broken at entry {broken.entry_id}: {broken.reason} "
                       f"({checked} entries verified before it)")
    if now.head != manifest["audit"]["head"]:
        raise Mismatch(f"audit head {now.head} differs from the backup's head {manifest['audit']['head']}")
    directory = Path(checkpoint_dir or settings.CONGAN_AUDIT_CHECKPOINT_DIR)
    read, problems = checkpoints.problems(directory)
    for problem in problems:
        if problem.kind != "cut":
            raise Mismatch(f"audit trail does not match its checkpoints: {problem}")
    result.entries_checked = checked
    result.checkpoints_read = read
    result.later_checkpoints = [p.checkpoint for p in problems]

