"""Import/web concurrency benchmark on the embedded SQLite database (issue 11, item 4).

uv run python bench/import_concurrency.py [--rows 200000] [--clients 8] [--old-ref f2e6b99]

A scratch SQLite file gets the units, the demo accounts and 2,000 residents; then, for the import
as it was (`--old-ref`: one transaction from the first row to the last, the code of that commit
taken with `git archive`) and as it is now (staging, then one short publishing transaction), on a
fresh copy of that file each time:

1. `congan import residents FILE` alone, timed: the import's own time;
2. `congan serve` (waitress) running, `--clients` signed-in clients in threads making requests that
   write (a registry search, audited, and a person page, audited) over real HTTP for the whole
   import, then `congan import residents FILE` again on a fresh copy: errors (HTTP status ≥ 500 or
   no answer), p50/p95/max latency of the requests made while the import ran, and its time.

Prints the figures of both and the ratio new/old of the import's time. The machine is shared and
noisy (2 cores, other sessions): run it twice before believing a difference under 20%.
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.cookiejar
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
print = functools.partial(print, flush=True)  # noqa: A001 - figures as they come, even into a file
USERS = ("lanhdao", "thongke", "ninhkieu", "anhoa", "xuankhanh", "kiemtra", "nhaplieu", "ninhkieu2025")
NAMES = ("Nguyễn", "Trần Văn", "Lê Thị", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng")


def _env(tmp: Path, db: Path, src: Path) -> dict:
    env = {**os.environ, "CONGAN_DATA_DIR": str(tmp), "CONGAN_DATABASE_URL": f"sqlite:///{db}",
           "PYTHONPATH": str(src)}
    return env


def _congan(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "congan", *args], env=env, capture_output=True, text=True,
                          check=check)


def _prefixed(source: Path, target: Path, prefix: str) -> None:
    """The same residents under other record and household ids (a file per purpose, no clash)."""
    with source.open(encoding="utf-8", newline="") as src, target.open("w", encoding="utf-8", newline="") as out:
        reader, writer = csv.DictReader(src), None
        for row in reader:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
                writer.writeheader()
            row["record_id"] = prefix + row["record_id"]
            row["household_id"] = prefix + row["household_id"]
            writer.writerow(row)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One signed-in browser: a cookie jar, a login through the form, then audited requests."""

    def __init__(self, base: str, username: str, person_ids: list[int], seed: int):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.username = username
        self.person_ids = person_ids
        self.rng = random.Random(seed)

    def login(self) -> None:
        page = self.opener.open(f"{self.base}/accounts/login/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": self.username,
                                       "password": "congan-demo-2026"}).encode()
        login = f"{self.base}/accounts/login/"
        request = urllib.request.Request(login, data=data, headers={"Referer": login})  # noqa: S310
        answer = self.opener.open(request, timeout=60)
        if "/accounts/login/" in answer.geturl():
            raise SystemExit(f"{self.username} could not sign in")

    def one(self) -> tuple[float, float, str]:
        if self.rng.random() < 0.5:
            query = urllib.parse.urlencode({"q": self.rng.choice(NAMES)})
            url = f"{self.base}/registry/?{query}"
        else:
            url = f"{self.base}/registry/people/{self.rng.choice(self.person_ids)}/"
        started = time.perf_counter()
        outcome = "ok"
        try:
            with self.opener.open(url, timeout=60) as answer:
                answer.read()
        except urllib.error.HTTPError as exc:
            outcome = f"HTTP {exc.code}" if exc.code >= 500 else "ok"  # a 403/404 is an answer
        except OSError as exc:
            outcome = type(exc).__name__
        return started, time.perf_counter() - started, outcome


def _serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "congan", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start")


def _import(env: dict, csv_path: Path) -> float:
    started = time.perf_counter()
    run = _congan(env, "import", "residents", str(csv_path), "--no-progress", check=False)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        print(run.stdout[-2000:], run.stderr[-2000:])
        raise SystemExit("the import failed")
    return elapsed


def _with_clients(env: dict, csv_path: Path, clients: int, person_ids: list[int]) -> dict:
    port = _free_port()
    server = _serve(env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        users = [Client(base, USERS[i % len(USERS)], person_ids, seed=i) for i in range(clients)]
        for user in users:
            user.login()
        samples: list[tuple[float, float, str]] = []
        stop = threading.Event()

        def work(user: Client) -> None:
            while not stop.is_set():
                samples.append(user.one())

        threads = [threading.Thread(target=work, args=(u,)) for u in users]
        for t in threads:
            t.start()
        time.sleep(2)  # the clients at cruising speed before the import starts
        began = time.perf_counter()
        elapsed = _import(env, csv_path)
        ended = time.perf_counter()
        stop.set()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    during = [s for s in samples if s[0] + s[1] >= began and s[0] <= ended]
    latencies = sorted(s[1] for s in during)
    errors = [s[2] for s in during if s[2] != "ok"]
    return {"import": elapsed, "requests": len(during), "errors": len(errors),
            "kinds": sorted(set(errors)), "p50": statistics.median(latencies),
            "p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], "max": latencies[-1]}


def _source_of(ref: str, into: Path) -> Path:
    archive = into / "old.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), ref, "src"], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "old", filter="data")
    return into / "old" / "src"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--old-ref", default="f2e6b99",
                        help="the commit whose import is 'old' (default: the last one before staged imports)")
    parser.add_argument("--only", choices=["old", "new"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"import concurrency benchmark  {platform.node()}  nproc={os.cpu_count()}  "
          f"python {platform.python_version()}  load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="congan-importbench-") as name:
        tmp = Path(name)
        sources = {"old": _source_of(args.old_ref, tmp), "new": ROOT / "src"}
        sys.path.insert(0, str(ROOT / "src"))
        from congan.synth import write_residents_csv

        raw, seed_raw = tmp / "raw.csv", tmp / "seed-raw.csv"
        big, small = tmp / "residents.csv", tmp / "preload.csv"
        write_residents_csv(raw, args.rows, seed=args.seed, province_codes=("92", "93", "94"))
        write_residents_csv(seed_raw, 2000, seed=args.seed + 1, province_codes=("92",))
        _prefixed(raw, big, "imp-")
        _prefixed(seed_raw, small, "pre-")
        print(f"file: {args.rows:,} residents, {big.stat().st_size / 2**20:,.0f} MB; {args.clients} clients "
              f"(search + person page, each audited) over HTTP to `congan serve`")

        template = tmp / "template.sqlite3"
        env = _env(tmp, template, sources["new"])
        _congan(env, "init")
        _congan(env, "shell", "-c", "from congan.org.services import create_demo_accounts; create_demo_accounts()")
        _congan(env, "import", "residents", str(small), "--no-progress")
        ids = _congan(env, "shell", "-c", "from congan.registry.models import Person;"
                      "print('IDS', *Person.objects.values_list('pk', flat=True))").stdout.split('IDS')[-1].split()
        person_ids = [int(i) for i in ids]

        figures = {}
        for variant in ("old", "new"):
            if args.only and variant != args.only:
                continue
            db = tmp / f"{variant}.sqlite3"
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copy(template, db)
            env = _env(tmp, db, sources[variant])
            alone = _import(env, big)
            db.unlink()
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copy(template, db)
            loaded = _with_clients(env, big, args.clients, person_ids)
            figures[variant] = (alone, loaded)
            print(f"[{variant}] import alone {alone:6.1f} s | with {args.clients} clients: import {loaded['import']:6.1f} s, "
                  f"{loaded['requests']} requests, {loaded['errors']} errors {loaded['kinds'] or ''}, "
                  f"p50 {loaded['p50'] * 1000:,.0f} ms, p95 {loaded['p95'] * 1000:,.0f} ms, "
                  f"max {loaded['max'] * 1000:,.0f} ms")
            db.unlink()
        if len(figures) == 2:
            print(f"import time new/old: alone {figures['new'][0] / figures['old'][0]:.2f}, "
                  f"with clients {figures['new'][1]['import'] / figures['old'][1]['import']:.2f}")


if __name__ == "__main__":
    main()
