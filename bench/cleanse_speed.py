"""Speed: `congan cleanse` end to end vs plain Splink, and an incremental batch.

    uv run python bench/cleanse_speed.py --records 100000 [--batch 10000] [--workdir DIR]

Each measured step runs in its own process so wall time and peak RSS are its own. Generating
the synthetic input is not timed. Plain Splink is handed congan's blocking keys (see
cleanse_plain.py), which are computed outside its timing.
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

HERE = Path(__file__).resolve().parent


def _measure(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the process, its stdout). The stdout ends with the step's
    CPU seconds (user + system): on a shared machine they move less than the wall time."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"step {args[0]} failed with status {status}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, f"{out.strip()}  cpu {cpu:.1f} s"


def _write_csv(rows, path: Path) -> None:
    from congan.synth.noisy import iter_rows

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(next(iter_rows(rows, labels=False))))
        writer.writeheader()
        writer.writerows(iter_rows(rows, labels=False))


def step_congan(input_path: str, output_path: str) -> None:
    from congan.cleansing import cleanse_file

    summary = cleanse_file(input_path, output_path, progress=False)
    print(json.dumps(summary.to_dict()))


def _python_normalise(rows: list[dict], provinces: tuple[str, ...]) -> int:
    """The value normalisers of `congan.cleansing.normalise` called record by record (how
    normalisation ran before `features_table`): the peer the vectorised path is measured against."""
    from congan.cleansing import normalise as nz

    done = 0
    for r in rows:
        nz.split_name(r.get("full_name") or "")
        for parent in ("father_name", "mother_name"):
            nz.split_name(r.get(parent) or "")
        if r.get("date_of_birth"):
            nz.parse_date(r["date_of_birth"])
        nz.normalise_sex(r.get("sex") or "")
        if r.get("id_number"):
            nz.normalise_id(r["id_number"])
        for place in ("address", "hometown"):
            if r.get(place):
                nz.parse_address(r[place], provinces)
        done += 1
    return done


def _clear_caches() -> None:
    """Empty the normalisers' caches, so neither path is timed on the other's work."""
    from congan import vntext
    from congan.cleansing import normalise
    from congan.cleansing._internal import addresses, text

    for fn in (normalise.split_name, normalise.clean_word, normalise.parse_date,
               normalise.normalise_sex, text.clean_text, text._fix_token, text._canonical_word,
               vntext.fold_marks, addresses.normalise_part, addresses.read_units,
               addresses.parse_address):  # fmt: skip
        fn.cache_clear()


def _timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of fn()."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def step_normalise(input_path: str, sample: str) -> None:
    """Normalisation alone, caches emptied before each: records/s of `features_table` (Arrow,
    once per distinct value) on the whole input and of the record-by-record Python normalisers
    on its first `sample` rows, by wall time and by CPU time (less moved by other jobs)."""
    from congan.cleansing.features import features_table
    from congan.cleansing.inputs import read_records

    area: tuple[str, ...] = ()  # as `cleanse_file` runs by default
    table = read_records(input_path)
    rows = table.slice(0, int(sample)).to_pylist()
    _clear_caches()
    python = _timed(lambda: _python_normalise(rows, area))
    _clear_caches()
    vectorised = _timed(lambda: features_table(table, provinces=area))
    print(json.dumps({
        "vectorised_records_per_s": round(table.num_rows / vectorised[0]),
        "vectorised_records_per_cpu_s": round(table.num_rows / vectorised[1]),
        "python_records_per_s": round(len(rows) / python[0]),
        "python_records_per_cpu_s": round(len(rows) / python[1]),
        "python_sample": len(rows),
    }))  # fmt: skip


def step_plain(input_path: str) -> None:
    import logging

    from cleanse_plain import plain_table, run_plain
    from congan.cleansing.features import features_table
    from congan.cleansing.inputs import read_records

    logging.getLogger("splink").setLevel(logging.ERROR)
    rows = read_records(input_path).to_pylist()  # raw fields as rows: not counted below
    keys = features_table(rows)  # blocking keys: not counted below either
    started = time.perf_counter()
    clusters = run_plain(plain_table(rows, keys))
    print(json.dumps({"seconds_excluding_keys": round(time.perf_counter() - started, 2),
                      "clusters": len(set(clusters.values()))}))  # fmt: skip


def step_incremental(batch_path: str, output_path: str) -> None:
    import pyarrow.parquet as pq

    from congan.cleansing import link_incremental
    from congan.cleansing.inputs import read_records
    from congan.cleansing.link import Model

    started = time.perf_counter()
    settled = pq.read_table(f"{output_path}.features.parquet")
    model = Model.load(f"{output_path}.model.json")
    batch = read_records(batch_path)
    result = link_incremental(batch, settled, model)
    existing = set(settled["person_id"].to_pylist())
    joined = sum(1 for p in result.person_id.values() if p in existing)
    print(json.dumps({"seconds": round(time.perf_counter() - started, 2), "new": len(batch),
                      "persons": len(set(result.person_id.values())), "merged": len(result.merged),
                      "joined_existing": joined}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--workdir")
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument(
        "--python-sample",
        type=int,
        default=100_000,
        help="records the record-by-record Python normalisers get (they are slow)",
    )
    parser.add_argument("--reuse", action="store_true", help="reuse the input in --workdir")
    args = parser.parse_args()

    from congan.synth.noisy import generate_noisy_records

    work = Path(args.workdir or tempfile.mkdtemp(prefix="congan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source, batch, output = work / "input.csv", work / "batch.csv", work / "persons.parquet"
    if not (args.reuse and source.exists() and batch.exists()):
        started = time.perf_counter()
        rows = generate_noisy_records(args.records + args.batch, seed=42)
        _write_csv(rows[: args.records], source)
        _write_csv(rows[args.records :], batch)
        del rows
        seconds = time.perf_counter() - started
        print(f"generated {args.records} + {args.batch} records in {seconds:.0f} s")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average before: {os.getloadavg()}, {time.strftime('%Y-%m-%d %H:%M')}")

    secs, rss, out = _measure(["normalise", str(source), str(args.python_sample)])
    print(f"normalise only   {args.records:>9} records  {secs:7.1f} s  peak {rss:7.0f} MB  {out}")
    secs, rss, out = _measure(["congan", str(source), str(output)])
    print(f"congan cleanse   {args.records:>9} records  {secs:7.1f} s  peak {rss:7.0f} MB  {out}")
    print(f"load average: {os.getloadavg()}")
    if not args.skip_plain:
        secs, rss, out = _measure(["plain", str(source)])
        print(
            f"plain Splink     {args.records:>9} records  {secs:7.1f} s  peak {rss:7.0f} MB  {out}"
        )
    secs, rss, out = _measure(["incremental", str(batch), str(output)])
    print(
        f"incremental      {args.batch:>9} new vs {args.records} settled  {secs:7.1f} s  peak {rss:7.0f} MB  {out}"
    )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("normalise", "congan", "plain", "incremental"):
        step = {"normalise": step_normalise, "congan": step_congan, "plain": step_plain,
                "incremental": step_incremental}  # fmt: skip
        step[sys.argv[1]](*sys.argv[2:])
    else:
        main()
