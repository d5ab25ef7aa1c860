"""Backup and restore benchmark: import N synthetic residents, then time `congan backup` and
`congan restore --force` (the restore includes its checks: rows per table and the audit chain).

uv run python bench/backup_bench.py [--residents 20000] [--audit-entries 2000] [--only sqlite|postgres]
uv run python bench/backup_bench.py --residents 1000000      # the issue's figure (about 10 GB free disk)

Each database is benchmarked in its own process on its own scratch database, never the test or
demo database: a temporary SQLite file, and the PostgreSQL database `congan_backup_bench` (dropped
and re-created, and dropped at the end; server from CONGAN_BENCH_PG, default
postgres://postgres@127.0.0.1:5432). The backup directory is a temporary directory apart from the
data directory (where the generated keys are: backups are refused there).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PG_SERVER = os.environ.get("CONGAN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DB = (
    "congan_backup_bench"  # our own: other benchmarks use congan_bench and congan_registry_bench
)


def _postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def _size(path: Path) -> int:
    return (
        sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        if path.is_dir()
        else path.stat().st_size
    )


def run_one(csv_path: Path, backups: Path, audit_entries: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congan.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from congan.importing import run_import
    from congan.org import audit
    from congan.org.services import load_admin_units
    from congan.project import backups as backup_module
    from congan.registry.importers import ResidentImporter

    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    load_admin_units()
    started = time.perf_counter()
    result = run_import(ResidentImporter(), csv_path)
    assert result.ok, result.rejects[:5]
    print(
        f"[{vendor}] {result.stored:,} residents imported in {time.perf_counter() - started:.1f} s (not counted)"
    )
    started = time.perf_counter()
    for i in range(audit_entries):  # a trail for the restore to verify (each entry sealed in turn)
        audit.record(action="view", object_type="registry.Person", object_id=str(i + 1))
    print(
        f"[{vendor}] {audit_entries:,} audit entries written in {time.perf_counter() - started:.1f} s (not counted)"
    )
    if vendor == "sqlite":
        print(
            f"[{vendor}] database file {_size(Path(connection.settings_dict['NAME'])) / 2**20:,.0f} MB"
        )

    out = backups / f"backup-{vendor}"
    started = time.perf_counter()
    _, manifest = backup_module.backup(out)
    elapsed = time.perf_counter() - started
    print(
        f"[{vendor}] backup:  {elapsed:7.1f} s   {_size(out) / 2**20:,.0f} MB, {manifest['rows']:,} rows "
        f"in {len(manifest['tables'])} tables"
    )

    started = time.perf_counter()
    restored = backup_module.restore(out, force=True)
    elapsed = time.perf_counter() - started
    print(
        f"[{vendor}] restore: {elapsed:7.1f} s   (checked: rows of {len(manifest['tables'])} tables, "
        f"{restored.entries_checked:,} audit entries, head as in the backup)"
    )
    shutil.rmtree(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--audit-entries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--backups", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.csv:  # a child process: the database is already chosen by the environment
        run_one(Path(args.csv), Path(args.backups), args.audit_entries)
        return

    print(
        f"backup benchmark {date.today()}  {platform.node()}  nproc={os.cpu_count()}  "
        f"python {platform.python_version()}  load {os.getloadavg()[0]:.1f}"
    )
    from congan.synth import write_residents_csv

    with tempfile.TemporaryDirectory() as tmp:
        data_dir, backups = Path(tmp) / "data", Path(tmp) / "backups"
        data_dir.mkdir()
        backups.mkdir()
        csv_path = Path(tmp) / "residents.csv"
        write_residents_csv(
            csv_path, args.residents, seed=args.seed, province_codes=("92", "93", "94")
        )
        targets = {
            "sqlite": f"sqlite:///{data_dir / 'sqlite' / 'bench.sqlite3'}",
            "postgres": f"{PG_SERVER}/{PG_DB}",
        }
        for name, url in targets.items():
            if args.only and name != args.only:
                continue
            if name == "postgres":
                _postgres(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
                _postgres(f"CREATE DATABASE {PG_DB}")
            # each its own data directory: keys and audit checkpoints of one database are not the other's
            own = data_dir / name
            own.mkdir()
            env = {**os.environ, "CONGAN_DATABASE_URL": url, "CONGAN_DATA_DIR": str(own)}
            try:
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--csv",
                        str(csv_path),
                        "--backups",
                        str(backups),
                        "--audit-entries",
                        str(args.audit_entries),
                    ],
                    env=env,
                    check=True,
                )
            finally:
                if name == "postgres":
                    _postgres(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            print(f"load average after {name}: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
