"""Benchmark the review report on PostgreSQL: the city's JSON KPIs (target ≤ 2 s), the Word report (≤ 10 s).

Fills a separate database (`congan_bench`, created if missing) with synthetic rows generated
server-side (`INSERT … SELECT … FROM generate_series`), not through the ORM one by one:
4,000,000 residents, 300,000 cases, 50,000 accidents over four police years, each record in a
ward of the structure valid on its date. Then times `build_report` for the city over police
year 2025 (+ JSON rendering) and the Word document (build + render).

    uv run python bench/reports_bench.py                 # full scale
    uv run python bench/reports_bench.py --scale 0.05    # reduced, to try it out
    CONGAN_BENCH_DATABASE_URL=postgres://… uv run python bench/reports_bench.py

Rows are kept between runs; they are regenerated when the requested counts differ.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/congan_bench"


def _create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _filler_columns(cur, table: str, given: dict[str, str]) -> dict[str, str]:
    """SQL expressions for NOT NULL columns without a default that `given` does not set."""
    cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [table],
    )
    fill = {
        "character varying": "''",
        "text": "''",
        "integer": "0",
        "bigint": "0",
        "smallint": "0",
        "boolean": "false",
        "date": "date '2000-01-01'",
        "timestamp with time zone": "now()",
        "jsonb": "'{}'::jsonb",
        "numeric": "0",
    }
    return {col: fill[dtype] for col, dtype in cur.fetchall() if col not in given and col != "id"}


def _insert(cur, table: str, n: int, columns: dict[str, str], source: str) -> None:
    columns = {**columns, **_filler_columns(cur, table, columns)}
    names = ", ".join(columns)
    exprs = ", ".join(columns.values())
    cur.execute(f"INSERT INTO {table} ({names}) SELECT {exprs} FROM ({source}) s", {"n": n})  # noqa: S608


def generate(
    *, residents: int, cases: int, accidents: int, ward_ids: dict[str, list[int]]
) -> dict[str, float]:
    from django.db import connection

    timings = {}
    old, new = ward_ids["legacy"], ward_ids["2025"]
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE cases_suspect, cases_case, traffic_casualty, traffic_vehicle, traffic_accident, "
            "registry_person RESTART IDENTITY CASCADE"
        )
        # a record's ward is of the structure valid on its date (1 July 2025 the switch)
        unit_expr = (
            f"CASE WHEN d >= date '2025-07-01' THEN (ARRAY{new})[1 + (g %% {len(new)})] "
            f"ELSE (ARRAY{old})[1 + (g %% {len(old)})] END"
        )
        t = time.perf_counter()
        _insert(
            cur,
            "registry_person",
            residents,
            {
                "record_id": "'B' || g",
                "source": "'bench'",
                # the personal columns are sealed (org.crypto) and the report reads none of them:
                # left empty here, as generating ciphertext server-side cannot be done
                "birth_year": "extract(year FROM dob)",
                "birth_month": "extract(month FROM dob)",
                "birth_latest": "dob",
                "sex": "CASE WHEN g %% 2 = 0 THEN 'Nam' ELSE 'Nữ' END",
                "unit_id": unit_expr,
                "created_at": "now()",
                "updated_at": "now()",
            },
            "SELECT g, date '1940-01-01' + (random() * 30000)::int AS dob, "
            "date '2024-01-01' + (random() * 900)::int AS d FROM generate_series(1, %(n)s) g",
        )
        timings["residents"] = time.perf_counter() - t
        t = time.perf_counter()
        _insert(
            cur,
            "cases_case",
            cases,
            {
                "case_number": "'BV-' || g",
                "unit_id": unit_expr,
                "detected_on": "d",
                "severity": "(ARRAY['it_nghiem_trong','nghiem_trong','rat_nghiem_trong','dac_biet_nghiem_trong'])[1 + (g %% 4)]",
                "category": "(ARRAY['theft','drugs','fraud','assault','loan_sharking','high_tech','robbery','other'])[1 + (g %% 8)]",
                "crime_group": "CASE WHEN g %% 8 = 1 THEN 'drugs' WHEN g %% 8 = 7 THEN 'other' ELSE 'social_order' END",
                "status": "CASE WHEN c IS NULL THEN 'detected' ELSE 'cleared' END",
                "cleared_on": "c",
                "clearance_type": "CASE WHEN c IS NULL THEN '' ELSE 'offender_identified' END",
                "created_at": "now()",
                "updated_at": "now()",
            },
            "SELECT g, d, CASE WHEN random() < 0.9 THEN d + (random() * 120)::int END AS c FROM ("
            "SELECT g, date '2022-12-15' + (random() * 1460)::int AS d FROM generate_series(1, %(n)s) g) x",
        )
        timings["cases"] = time.perf_counter() - t
        t = time.perf_counter()
        _insert(
            cur,
            "traffic_accident",
            accidents,
            {
                "accident_number": "'TN-' || g",
                "unit_id": unit_expr,
                "occurred_on": "d",
                "deaths": "(random() < 0.3)::int",
                "injuries": "(random() * 3)::int",
                "severity": "'serious'",
                "cause": "'unknown'",
                "created_at": "now()",
                "updated_at": "now()",
            },
            "SELECT g, date '2022-12-15' + (random() * 1460)::int AS d FROM generate_series(1, %(n)s) g",
        )
        timings["accidents"] = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute("ANALYZE registry_person, cases_case, traffic_accident")
        timings["analyze"] = time.perf_counter() - t
    return timings


def _time(fn, runs: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), samples


def open_database(default_url: str) -> None:
    """Point Django at the benchmark's database (CONGAN_BENCH_DATABASE_URL, else `default_url`),
    created if missing, migrated, with the administrative units loaded."""
    url = os.environ.get("CONGAN_BENCH_DATABASE_URL", default_url)
    os.environ["CONGAN_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congan.config.settings")
    os.environ.setdefault("CONGAN_DATA_DIR", str(Path(__file__).resolve().parent / "out" / "var"))
    _create_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from congan.org.models import AdminUnit
    from congan.org.services import load_admin_units

    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.exists():
        load_admin_units()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--residents", type=int, default=4_000_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--accidents", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args(argv)
    open_database(DEFAULT_URL)

    from congan.cases.models import Case
    from congan.org import jurisdiction
    from congan.org.models import AdminUnit
    from congan.registry.models import Person
    from congan.reports import periods, services
    from congan.reports.render import docx as docx_render
    from congan.reports.render import json as json_render
    from congan.reports.render import wording
    from congan.traffic.models import Accident

    city = jurisdiction.city_unit()
    area = jurisdiction.unit_ids(city.id)
    ward_ids = {
        era: sorted(
            AdminUnit.objects.filter(id__in=area, level="ward", era=era).values_list(
                "id", flat=True
            )
        )
        for era in ("legacy", "2025")
    }
    want = {
        "residents": int(args.residents * args.scale),
        "cases": int(args.cases * args.scale),
        "accidents": int(args.accidents * args.scale),
    }
    have = {
        "residents": Person.objects.count(),
        "cases": Case.objects.count(),
        "accidents": Accident.objects.count(),
    }
    if args.regenerate or have != want:
        print(f"generating {want} …", flush=True)
        for name, seconds in generate(ward_ids=ward_ids, **want).items():
            print(f"  {name:<10} {seconds:7.1f} s", flush=True)
    period = periods.police_year(2025)
    label = wording.period_label(period)

    def json_kpis():
        return json_render.render(services.build_report(unit=city, period=period))

    def word():
        return docx_render.render(
            services.build_report(unit=city, period=period), period_label=label
        )

    jurisdiction.clear_cache()
    cold = time.perf_counter()
    json_kpis()
    cold = time.perf_counter() - cold
    json_median, json_samples = _time(json_kpis, args.runs)
    word_median, word_samples = _time(word, args.runs)

    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    print(f"date        {date.today().isoformat()}")
    print(
        f"machine     {cpu}, {os.cpu_count()} cores, {mem} GB RAM, PostgreSQL {pg}, Python {sys.version.split()[0]}"
    )
    print(
        f"rows        {want['residents']:,} residents, {want['cases']:,} cases, {want['accidents']:,} accidents"
    )
    print(
        f"period      {period.start} – {period.end}, unit {city.code} ({len(area)} units of both structures)"
    )
    print(
        f"JSON KPIs   median {json_median:.2f} s of {args.runs} ({', '.join(f'{s:.2f}' for s in json_samples)}); "
        f"first, cold caches {cold:.2f} s   target ≤ 2 s"
    )
    print(
        f"Word report median {word_median:.2f} s of {args.runs} ({', '.join(f'{s:.2f}' for s in word_samples)})"
        f"   target ≤ 10 s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
