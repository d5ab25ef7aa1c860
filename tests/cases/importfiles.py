"""Write small import files for tests."""

from __future__ import annotations

import csv


def write_csv(path, header: list[str], rows: list[list]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)
