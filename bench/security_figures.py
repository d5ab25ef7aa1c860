"""The figures of the security review (issue #10): tampering kinds detected, requests tried,
leaks and server errors found. Not a speed benchmark: it runs the tests that measure them and
prints what they recorded.

uv run python bench/security_figures.py                  # SQLite
CONGAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/congan_x uv run python bench/security_figures.py

The tests assert every figure as well (a leak or an undetected tampering fails the suite); this
script only gathers them in one table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

TESTS = [
    "tests/org/test_audit_tampering.py",
    "tests/org/test_app_role.py",
    "tests/security",
]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "figures.jsonl"
        env = {**os.environ, "CONGAN_FIGURES": str(figures)}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *[t for t in TESTS if Path(t).exists()],
            ],
            env=env,
        )
        rows = (
            [json.loads(line) for line in figures.read_text(encoding="utf-8").splitlines()]
            if figures.exists()
            else []
        )
    groups = defaultdict(list)
    for row in rows:
        groups[row["group"]].append(row)
    database = os.environ.get("CONGAN_DATABASE_URL", "sqlite (embedded)").split("@")[-1]
    print(f"database: {database}; tests exit code {run.returncode}")
    for group, items in groups.items():
        print(f"\n{group}:")
        totals = defaultdict(int)
        for item in items:
            if isinstance(item["value"], bool):
                print(f"  {item['name']:<70} {'detected' if item['value'] else 'NOT DETECTED'}")
            else:
                totals[item["name"]] += item["value"]
        for name, value in totals.items():
            print(f"  {name:<70} {value}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
