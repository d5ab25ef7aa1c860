"""Benchmark the home page's dashboard on PostgreSQL: the city's JSON (target ≤ 1 s at 4,000,000 residents).

Fills a database with synthetic rows generated server-side (`INSERT … SELECT … FROM
generate_series`, reports_bench.generate for residents, cases and accidents), then adds what the
dashboard reads and reports_bench leaves out: ID-card applications for ~85% of adults with their
steps (most handed over, some waiting, some rejected), wanted persons (most at large). Then times
`dashboard.build` + JSON for the city leader (cold: first call; warm: median of --runs), a ward
officer's, and the parts of the city's: the ID-card collection rate (today and a year earlier),
the cleansing rate, the period figures, the work waiting. The ID-card figures are read from the
kept counts (registry/kept.py) and, in the same run, live (`live_id_card_collection`,
`live_ward_progress`), with a check that both agree; also the ID-card dashboard of every ward,
the review report (JSON of the city and of a ward, Word of the city) and the kept counts' cost on
write (refreshing 1,000 residents) and rebuild (`--rebuild`). Peer in the same run: a plain
`count(*)` of the residents table (a full scan), to read the figures against on a noisy machine.

    uv run python bench/dashboard_bench.py --residents 1000000
    CONGAN_BENCH_DATABASE_URL=postgres://…/congan_dash uv run python bench/dashboard_bench.py

Rows are kept between runs; they are regenerated when the requested counts differ.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reports_bench import _insert, _time, open_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/congan_dash"


def generate_cards_and_wanted(*, wanted: int, today: date) -> dict[str, float]:
    """Applications for ~85% of residents aged 14+ (collected over five years up to a month ago),
    their steps by status, and wanted persons across the city's wards."""
    from django.db import connection

    timings = {}
    adult = today.replace(year=today.year - 14)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE registry_idcardstep, registry_idcardapplication, campaigns_wantedstatuschange, "
                    "campaigns_wantedperson RESTART IDENTITY CASCADE")
        t = time.perf_counter()
        _insert(cur, "registry_idcardapplication", 0, {
            "person_id": "id", "unit_id": "unit_id", "code": "''", "collected_on": "c",
            "status": "CASE WHEN r < 0.80 THEN 'handed_over' WHEN r < 0.87 THEN 'produced' "
                      "WHEN r < 0.93 THEN 'sent_for_production' WHEN r < 0.97 THEN 'collected' ELSE 'rejected' END",
        }, f"SELECT id, unit_id, random() AS r, date '{today}' - 30 - (random() * 1800)::int AS c "  # noqa: S608
           f"FROM registry_person WHERE birth_latest <= date '{adult}' AND random() < 0.85 "
           "")
        timings["applications"] = time.perf_counter() - t
        t = time.perf_counter()
        # steps: collected, sent +3 days, produced +10, handed over +20; a rejection 5 days after collection
        cur.execute(f"""
            INSERT INTO registry_idcardstep (application_id, kind, "on", unit_id, note)
            SELECT a.id,
                   CASE WHEN a.status = 'rejected' AND k = 2 THEN 'rejected'
                        ELSE (ARRAY['collected','sent_for_production','produced','handed_over'])[k] END,
                   LEAST(a.collected_on + (ARRAY[0, 3, 10, 20])[k], date '{today}'), a.unit_id, ''
            FROM registry_idcardapplication a,
                 generate_series(1, CASE a.status WHEN 'handed_over' THEN 4 WHEN 'produced' THEN 3
                                     WHEN 'sent_for_production' THEN 2 WHEN 'rejected' THEN 2 ELSE 1 END) k""")  # noqa: S608
        cur.execute("""UPDATE registry_idcardapplication a SET last_step_on = s.last
                       FROM (SELECT application_id, max("on") AS last FROM registry_idcardstep GROUP BY 1) s
                       WHERE s.application_id = a.id""")
        timings["steps"] = time.perf_counter() - t
        t = time.perf_counter()
        cur.execute("SELECT array_agg(id) FROM org_adminunit WHERE level = 'ward' AND era = '2025'")
        wards = cur.fetchone()[0]
        _insert(cur, "campaigns_wantedperson", wanted, {
            "wanted_number": "'BTN-' || g", "unit_id": f"(ARRAY{wards})[1 + (g %% {len(wards)})]",
            "listed_on": "d", "status": "CASE WHEN g %% 5 = 0 THEN 'arrested' ELSE 'listed' END", "status_on": "d",
"wanted_type": "'normal'", "created_at": "now()", "updated_at": "now()",
        }, f"SELECT g, date '{today}' - (random() * 2000)::int AS d FROM generate_series(1, %(n)s) g")  # noqa: S608
        timings["wanted"] = time.perf_counter() - t
        cur.execute("ANALYZE registry_idcardapplication, registry_idcardstep, campaigns_wantedperson")
    timings["kept counts"] = rebuild_kept()
    return timings


def rebuild_kept() -> float:
    """`congan kept-counts` (a rebuild from scratch), timed."""
    from django.db import connection, transaction

    from congan.registry import kept

    t = time.perf_counter()
    with transaction.atomic():
        kept.rebuild()
    with connection.cursor() as cur:
        cur.execute("ANALYZE registry_keptcardcount, registry_keptcardperson")
    return time.perf_counter() - t


def _line(name: str, cold: float, median: float, samples: list[float], peer: float, note: str = "") -> str:
    return (f"{name:<28} cold {cold:6.2f} s   warm median {median:6.2f} s ({', '.join(f'{s:.2f}' for s in samples)})"
            f"   ×{median / peer:5.1f} the full count{note}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=4_000_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--accidents", type=int, default=50_000)
    parser.add_argument("--wanted", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="time a rebuild of the kept counts first")
    args = parser.parse_args(argv)
    open_database(DEFAULT_URL)
    from django.db import connection

    from congan.campaigns.models import WantedPerson
    from congan.cases.models import Case
    from congan.dataquality.services import cleansing_stats
    from congan.org import jurisdiction
    from congan.org.models import AdminUnit, User
    from congan.org.services import create_demo_accounts
    from congan.registry import kept
    from congan.registry.models import IdCardApplication, KeptCardCount, Person
    from congan.registry.services import (
        group_progress,
        id_card_collection,
        live_id_card_collection,
        live_ward_progress,
        ward_progress,
    )
    from congan.reports import dashboard, periods, services
    from congan.reports.render import docx as docx_render
    from congan.reports.render import json as json_render
    from congan.reports.render import wording
    from congan.traffic.models import Accident
    from reports_bench import generate

    if not User.objects.filter(username="lanhdao").exists():
        create_demo_accounts()
    today = date.today()
    city = jurisdiction.city_unit()
    area = jurisdiction.unit_ids(city.id)
    ward_ids = {era: sorted(AdminUnit.objects.filter(id__in=area, level="ward", era=era).values_list("id", flat=True))
                for era in ("legacy", "2025")}
    want = {"residents": args.residents, "cases": args.cases, "accidents": args.accidents}
    have = {"residents": Person.objects.count(), "cases": Case.objects.count(), "accidents": Accident.objects.count()}
    if args.regenerate or have != want or not IdCardApplication.objects.exists() \
            or WantedPerson.objects.count() != args.wanted:
        print(f"generating {want}, {args.wanted:,} wanted …", flush=True)
        if args.regenerate or have != want:
            for name, seconds in generate(ward_ids=ward_ids, **want).items():
                print(f"  {name:<12} {seconds:7.1f} s", flush=True)
        for name, seconds in generate_cards_and_wanted(wanted=args.wanted, today=today).items():
            print(f"  {name:<12} {seconds:7.1f} s", flush=True)

    elif args.rebuild:
        print(f"  kept counts rebuilt in {rebuild_kept():.1f} s", flush=True)

    leader = User.objects.select_related("unit__admin_unit").get(username="lanhdao")
    ward_user = User.objects.select_related("unit__admin_unit").get(username="ninhkieu2025")
    ids = dashboard.area(leader)[1]

    def full_count():
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM registry_person")
            return cur.fetchone()[0]

    def city_json():
        return json.dumps(dashboard.build(leader, today=today))

    def ward_json():
        return json.dumps(dashboard.build(ward_user, today=today))

    to_date = periods.to_date(today)
    year_ago = periods.previous(periods.custom(today, today)).end
    year = periods.police_year(2025)
    ward_unit = AdminUnit.objects.get(code="31135", era="2025", level="ward")

    def report_json(unit):
        return json_render.render(services.build_report(unit=unit, period=year))

    parts = {
        "  ID-card rate (2 days)": lambda: [id_card_collection(unit_ids=ids, end=d) for d in (today, year_ago)],
        "  — live (2 days)": lambda: [live_id_card_collection(unit_ids=ids, end=d) for d in (today, year_ago)],
        "  cleansing rate": lambda: cleansing_stats(unit_ids=ids),
        "  period figures (3×2)": lambda: services.headlines(
            [p for period in to_date.values() for p in (period, periods.previous(period))], ids),
        "  sparklines": lambda: dashboard._sparklines(today, ids),
        "  work waiting": lambda: dashboard.work_waiting(leader, ids, today),
        "ID-card dashboard, city": lambda: group_progress(ward_progress(unit_ids=ids, end=today)),
        "  — live": lambda: group_progress(live_ward_progress(unit_ids=ids, end=today)),
        "report JSON, city (2025)": lambda: report_json(city),
        "report JSON, ward (2025)": lambda: report_json(ward_unit),
        "report Word, city (2025)": lambda: docx_render.render(services.build_report(unit=city, period=year),
                                                           period_label=wording.period_label(year)),
        "write: 1,000 residents": lambda: kept.refresh(sample),
    }
    sample = list(Person.objects.order_by("?").values_list("id", flat=True)[:1000])
    jurisdiction.clear_cache()
    cold = {}
    for name, fn in [("city dashboard JSON", city_json), ("ward dashboard JSON", ward_json), *parts.items()]:
        t = time.perf_counter()
        fn()
        cold[name] = time.perf_counter() - t
    peer, peer_samples = _time(full_count, args.runs)
    rows = [("city dashboard JSON", city_json, "   target ≤ 1 s"), ("ward dashboard JSON", ward_json, ""),
            *((name, fn, "") for name, fn in parts.items())]
    results = [(name, *_time(fn, args.runs), note) for name, fn, note in rows]

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    print(f"date        {today.isoformat()}")
    print(f"machine     {cpu}, {os.cpu_count()} cores, {mem} GB RAM, PostgreSQL {pg}, Python {sys.version.split()[0]}")
    print(f"rows        {Person.objects.count():,} residents, {IdCardApplication.objects.count():,} ID-card "
          f"applications, {Case.objects.count():,} cases, {Accident.objects.count():,} accidents, "
          f"{WantedPerson.objects.count():,} wanted")
    same = all(id_card_collection(unit_ids=ids, end=d) == live_id_card_collection(unit_ids=ids, end=d)
               for d in (today, year_ago))
    same_wards = ward_progress(unit_ids=ids, end=today) == live_ward_progress(unit_ids=ids, end=today)
    print(f"kept        {KeptCardCount.objects.count():,} rows of counts; kept == live: city rate today and a "
          f"year ago {same}, every ward today {same_wards}")
    print(f"load        {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"peer        count(*) of residents: median {peer:.2f} s ({', '.join(f'{s:.2f}' for s in peer_samples)})")
    for name, median, samples, note in results:
        print(_line(name, cold[name], median, samples, peer, note))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
