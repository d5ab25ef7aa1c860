"""Sealed personal data: import time, and search before (plain columns) and after (blind indexes).

uv run python bench/crypto_search_bench.py [--residents 1000000] [--queries 300]

PostgreSQL only, on its own scratch database `congan_crypto_bench` (CONGAN_BENCH_DB to name
another; dropped and re-created; server from CONGAN_BENCH_PG, default
postgres://postgres@127.0.0.1:5432). Steps:

1. `congan import residents` of N synthetic residents: every personal field sealed (AES-GCM),
   the ID numbers' and names' blind indexes written by COPY beside them (timed);
2. "before": the plain schema the registry had until the encryption — a table of the same
   residents with their ID number and folded name in clear, indexed as they were (ID number;
   folded name + year) — built from the decrypted values (not timed), and the old queries;
3. "after": `registry.search.search_people` as a city-level user sees it (jurisdiction filter,
   decrypting and matching the candidates). The "before" look-ups read the plain table, then
   fetch the people found through the same jurisdiction filter and ORM as the search does.
Both run in the same process on the same data, the same sample of residents, one after the other.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_bench import _percentiles, _reset_postgres  # noqa: E402

PG_SERVER = os.environ.get("CONGAN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("CONGAN_BENCH_DB", "congan_crypto_bench")  # one per session on a shared server


def run(residents: int, queries: int, csv_path: Path, seed: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congan.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from congan.importing import run_import
    from congan.org import jurisdiction
    from congan.org.models import User
    from congan.org.services import create_demo_accounts, load_admin_units
    from congan.registry.importers import ResidentImporter
    from congan.registry.models import Person
    from congan.registry.search import search_people
    from congan.vntext import fold

    call_command("migrate", verbosity=0)
    load_admin_units()
    create_demo_accounts()

    started = time.perf_counter()
    result = run_import(ResidentImporter(), csv_path)
    elapsed = time.perf_counter() - started
    assert result.ok, result.rejects[:5]
    print(f"import {result.stored:,} residents, sealed + blind indexes: {elapsed:7.1f} s "
          f"({result.stored / elapsed:,.0f} rows/s)")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        cur.execute("SELECT count(*) FROM registry_personnameindex")
        print(f"name blind-index rows: {cur.fetchone()[0]:,}")
        if "registry_householdaddressindex" in connection.introspection.table_names(cur):
            cur.execute("SELECT count(*), count(DISTINCT household_id) FROM registry_householdaddressindex")
            rows, households = cur.fetchone()
            print(f"address blind-index rows: {rows:,} ({households:,} households)")

    # "before": the plain columns and indexes of the schema before the encryption
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_plain_person")
        cur.execute("CREATE TABLE bench_plain_person (id bigint PRIMARY KEY, unit_id bigint, "
                    "id_number varchar(12), name_key varchar(120), birth_year smallint)")
        rows = [(pk, unit_id, number, fold(name), year) for pk, unit_id, number, name, year in
                Person.objects.values_list("id", "unit_id", "id_number", "full_name", "birth_year")
                .iterator(chunk_size=20000)]  # read before the COPY: one connection, one thing at a time
        with cur.cursor.copy("COPY bench_plain_person FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        del rows
        cur.execute("CREATE INDEX ON bench_plain_person (id_number)")
        cur.execute("CREATE INDEX ON bench_plain_person (name_key, birth_year)")
        cur.execute("ANALYZE bench_plain_person")
    print(f"plain shadow table built (not timed against anything): {time.perf_counter() - started:.1f} s")

    rng = random.Random(seed)
    ids = list(Person.objects.values_list("id", flat=True))
    picks = list(Person.objects.filter(pk__in=rng.sample(ids, min(queries, len(ids))))
                 .values("id_number", "full_name", "birth_year"))
    rng.shuffle(picks)
    city = User.objects.select_related("unit__admin_unit").get(username="lanhdao")
    scope = list(jurisdiction.unit_ids(city.unit.admin_unit_id))

    people = jurisdiction.scope(Person.objects.select_related("unit"), city)

    # The "before" queries are the search of the plain schema: the same shape as the code before
    # the encryption (an indexed look-up of the plain column, then the people through the same
    # jurisdiction filter and ORM), only the look-up reads the plain shadow table.
    def before_id(number):
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM bench_plain_person WHERE id_number = %s", [number])
            ids = [r[0] for r in cur.fetchall()][:50]
        return list(people.filter(pk__in=ids).order_by("id")[:50])

    def before_name(key, year):
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM bench_plain_person WHERE name_key >= %s AND name_key < %s "
                        "AND birth_year = %s AND unit_id = ANY(%s) ORDER BY name_key, birth_year, id LIMIT 50",
                        [key, key + "\U0010ffff", year, scope])
            ids = [r[0] for r in cur.fetchall()]
        by_id = people.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def timed(calls):
        samples, found = [], 0
        for call in calls:
            t = time.perf_counter()
            hits = call()
            samples.append(time.perf_counter() - t)
            found += bool(hits)
        return samples, found

    with_id = [p for p in picks if p["id_number"]]
    for label, calls in (
        ("before  ID lookup (plain column)         ", [lambda n=p["id_number"]: before_id(n) for p in with_id]),
        ("after   ID lookup (blind index)          ",
         [lambda n=p["id_number"]: search_people(city, query=n) for p in with_id]),
        ("before  name w/o diacritics + year (plain)",
         [lambda p=p: before_name(fold(p["full_name"]), p["birth_year"]) for p in picks]),
        ("after   name w/o diacritics + year (bidx) ",
         [lambda p=p: search_people(city, query=fold(p["full_name"]), birth_year=p["birth_year"]) for p in picks]),
        ("after   full name, no year (first 50)     ",
         [lambda p=p: search_people(city, query=p["full_name"]) for p in picks]),
        *_address_search(city, rng, queries),
    ):
        samples, found = timed(calls)
        print(f"{label} {_percentiles(samples)}  found {found}/{len(calls)}")


def _address_search(city, rng, queries) -> list:
    """Households by address without diacritics (the address sealed since issue 16), if the code has it."""
    from congan.org import jurisdiction
    from congan.registry import search
    from congan.registry.models import Household
    from congan.vntext import fold

    if not hasattr(search, "address_matches"):
        return []
    ids = list(Household.objects.values_list("id", flat=True))
    addresses = list(Household.objects.filter(pk__in=rng.sample(ids, min(queries, len(ids))))
                     .values_list("address", flat=True))
    households = jurisdiction.scope(Household.objects.all(), city)
    return [("after   household by address (bidx)      ",
             [lambda a=a: search.address_matches(households, fold(a)) for a in addresses])]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.csv:
        run(args.residents, args.queries, Path(args.csv), args.seed)
        return
    print(f"crypto search benchmark {date.today()}  {platform.node()}  nproc={os.cpu_count()}  "
          f"python {platform.python_version()}  load {os.getloadavg()}")
    from congan.synth import write_residents_csv

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "residents.csv"
        started = time.perf_counter()
        write_residents_csv(csv_path, args.residents, seed=args.seed, province_codes=("92", "93", "94"))
        print(f"synthetic file: {args.residents:,} residents in {time.perf_counter() - started:.1f} s (not counted)")
        _reset_postgres(PG_DB)
        env = {**os.environ, "CONGAN_DATABASE_URL": f"{PG_SERVER}/{PG_DB}", "CONGAN_DATA_DIR": tmp}
        subprocess.run([sys.executable, __file__, "--residents", str(args.residents), "--queries",
                        str(args.queries), "--seed", str(args.seed), "--csv", str(csv_path)], env=env, check=True)
        print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
