"""Spark end to end (`congan cleanse --engine spark`, local mode) against the in-process DuckDB
run on the same file, in the same invocation, and the sizing it implies for a cluster.

    uv run python bench/spark_bench.py --records 20000 [--workdir DIR] [--cores 2]

Each run is its own process; its CPU seconds include every process it started (Spark's JVM and
Python workers), read from /proc before it exits. Records per CPU-second of the Spark run give
the sizing table: the time for 100 million records on E executors of C cores if the work grew
linearly with the records. It does not quite (blocking on common names grows faster than the
records), so the table is a floor, to be checked against a run at the scale of one province.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ["record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
           "address", "father_name", "mother_name"]
NATION = 100_000_000


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and all its live descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        # utime, stime, and the waited-for children's cutime, cstime
        times[int(entry)] = sum(int(f) for f in fields[11:15]) / tick
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, p in parents.items():
            if p == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(times.get(p, 0.0) for p in tree)


def step(engine: str, input_path: str, output_path: str) -> None:
    started = time.perf_counter()
    if engine == "spark":
        from congan.cleansing.on_spark import cleanse_on_spark

        summary = cleanse_on_spark(input_path, output_path, progress=False)
    else:
        from congan.cleansing import cleanse_file

        summary = cleanse_file(input_path, output_path, progress=False)
    print(json.dumps({"wall": time.perf_counter() - started, "cpu": _tree_cpu(os.getpid()),
                      "timings": summary.timings, "persons": summary.persons}))


def _run(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "step", *args], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _persons(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as f:
        return {r["record_id"]: r["person_id"] for r in csv.DictReader(f)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from congan.cleansing.measure import pairwise_scores
    from congan.synth.noisy import generate_noisy_records

    work = args.workdir or Path(tempfile.mkdtemp(prefix="congan-spark-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = list(generate_noisy_records(args.records, seed=args.seed))
    truth = {r["record_id"]: r["true_person"] for r in rows}
    source = work / "input.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    load = os.getloadavg()
    print(f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{len(rows):,} records, load average {load[0]:.1f}")
    results = {}
    for engine in ("duckdb", "spark"):
        out = work / f"{engine}.csv"
        results[engine] = r = _run(engine, str(source), str(out))
        r["f1"] = pairwise_scores(_persons(out), truth).f1
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["timings"].items())
        print(f"{engine:7} wall {r['wall']:7.1f} s  cpu {r['cpu']:7.1f} s  "
              f"{len(rows) / r['cpu']:8,.0f} rec/CPU-s  F1 {r['f1']:.4f}  persons {r['persons']:,}  ({stages})")
    d, s = results["duckdb"], results["spark"]
    print(f"spark/duckdb: wall ×{s['wall'] / d['wall']:.2f}, cpu ×{s['cpu'] / d['cpu']:.2f}, "
          f"F1 difference {s['f1'] - d['f1']:+.4f}; load average now {os.getloadavg()[0]:.1f}")
    per_core = len(rows) / s["cpu"]
    print(f"\nsizing at {per_core:,.0f} records per core-second (linear: a floor), {NATION:,} records:")
    print("| executors × 4 cores | hours |")
    print("|---|---|")
    for executors in (10, 50, 200):
        print(f"| {executors} | {NATION / (per_core * executors * 4) / 3600:.2f} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "step":
        step(*sys.argv[2:5])
    else:
        main()
