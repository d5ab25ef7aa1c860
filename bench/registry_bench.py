"""Registry benchmark: import N synthetic residents, then time ID lookups and name searches.

uv run python bench/registry_bench.py [--residents 100000] [--queries 300] [--only sqlite|postgres]

Each database is benchmarked in its own process on its own scratch database, never the test or
demo database: a temporary SQLite file, and the PostgreSQL database `congan_registry_bench` (dropped and
re-created; other benchmarks use `congan_bench`, so never that one; server from CONGAN_BENCH_PG, default postgres://postgres@127.0.0.1:5432).
Prints the machine, the import time and rate, and p50/p95 of the lookups as a city user sees them
(the jurisdiction filter included).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PG_SERVER = os.environ.get("CONGAN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DB = "congan_registry_bench"  # our own: other benchmarks use congan_bench


def _percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"p50 {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms   (n={len(ms)})"


def _reset_postgres(name: str = PG_DB) -> None:
    """Drop and re-create the benchmark's own scratch database."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def run_one(residents: int, queries: int, csv_path: Path, seed: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congan.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from congan.importing import run_import
    from congan.org.models import User
    from congan.org.services import create_demo_accounts, load_admin_units
    from congan.registry.importers import ResidentImporter
    from congan.registry.models import Person
    from congan.registry.search import search_people

    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    load_admin_units()
    create_demo_accounts()

    started = time.perf_counter()
    result = run_import(ResidentImporter(), csv_path)
    elapsed = time.perf_counter() - started
    assert result.ok, result.rejects[:5]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"[{vendor}] import {result.stored:,} residents: {elapsed:7.1f} s  "
        f"({result.stored / elapsed:,.0f} rows/s, peak RSS {rss:,.0f} MB)"
    )
    if vendor == "postgresql":
        with connection.cursor() as cur:
            started = time.perf_counter()
            cur.execute("ANALYZE")
            print(f"[{vendor}] ANALYZE after import: {time.perf_counter() - started:.1f} s")

    rng = random.Random(seed)
    first = Person.objects.order_by("id").values_list("id", flat=True).first()
    last = Person.objects.order_by("-id").values_list("id", flat=True).first()
    sample = rng.sample(range(first, last + 1), min(queries, last - first + 1))
    picks = list(
        Person.objects.filter(pk__in=sample).values("id_number", "full_name", "birth_year")
    )
    rng.shuffle(picks)
    city = User.objects.select_related("unit__admin_unit").get(username="lanhdao")

    def timed(kwargs_list):
        samples, found = [], 0
        for kwargs in kwargs_list:
            t = time.perf_counter()
            hits = list(search_people(city, **kwargs))
            samples.append(time.perf_counter() - t)
            found += bool(hits)
        return samples, found

    with_id = [{"query": p["id_number"]} for p in picks if p["id_number"]]
    samples, found = timed(with_id)
    print(
        f"[{vendor}] ID lookup (CCCD)                   {_percentiles(samples)}  found {found}/{len(with_id)}"
    )
    plain = [{"query": _strip(p["full_name"]), "birth_year": p["birth_year"]} for p in picks]
    samples, found = timed(plain)
    print(
        f"[{vendor}] name without diacritics + year     {_percentiles(samples)}  found {found}/{len(plain)}"
    )
    accented = [{"query": p["full_name"]} for p in picks]
    samples, found = timed(accented)
    print(
        f"[{vendor}] full name, no year (first 50)      {_percentiles(samples)}  found {found}/{len(accented)}"
    )

    # The collection-rate figures over the whole city: the report's id_cards block and the
    # ward dashboard (one row per ward), after giving most adults an application.
    from congan.org import jurisdiction
    from congan.registry.demo import add_id_cards
    from congan.registry.services import id_card_collection, ward_progress

    started = time.perf_counter()
    cards = add_id_cards(seed=seed, today=date.today())
    print(f"[{vendor}] {cards:,} ID-card applications added: {time.perf_counter() - started:.1f} s")
    city_ids = jurisdiction.unit_ids(city.unit.admin_unit_id)
    for label, figure in (
        (
            "collection rate, city (report)   ",
            lambda: id_card_collection(unit_ids=city_ids, end=date.today()),
        ),
        (
            "ward dashboard, city (all wards) ",
            lambda: ward_progress(unit_ids=city_ids, end=date.today()),
        ),
    ):
        samples = []
        for _ in range(3):
            t = time.perf_counter()
            figure()
            samples.append(time.perf_counter() - t)
        print(f"[{vendor}] {label} median of 3: {sorted(samples)[1] * 1000:,.0f} ms")


def _strip(name: str) -> str:
    from congan.vntext import fold

    return fold(name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.csv:  # a child process: the database is already chosen by the environment
        run_one(args.residents, args.queries, Path(args.csv), args.seed)
        return

    print(
        f"registry benchmark {date.today()}  {platform.node()}  nproc={os.cpu_count()}  "
        f"python {platform.python_version()}"
    )
    print(subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.strip())
    from congan.synth import write_residents_csv

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "residents.csv"
        started = time.perf_counter()
        write_residents_csv(
            csv_path, args.residents, seed=args.seed, province_codes=("92", "93", "94")
        )
        print(
            f"synthetic file: {args.residents:,} residents, {csv_path.stat().st_size / 2**20:,.0f} MB "
            f"in {time.perf_counter() - started:.1f} s (not counted)"
        )
        targets = {
            "sqlite": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "postgres": f"{PG_SERVER}/{PG_DB}",
        }
        for name, url in targets.items():
            if args.only and name != args.only:
                continue
            if name == "postgres":
                _reset_postgres()
            env = {**os.environ, "CONGAN_DATABASE_URL": url, "CONGAN_DATA_DIR": tmp}
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--residents",
                    str(args.residents),
                    "--queries",
                    str(args.queries),
                    "--seed",
                    str(args.seed),
                    "--csv",
                    str(csv_path),
                ],
                env=env,
                check=True,
            )


if __name__ == "__main__":
    main()
