"""Figures a test run can report (bench/security.py prints them): set CONGAN_FIGURES=FILE.

A test records what it measured (a tampering kind detected or not, requests tried, leaks found);
without CONGAN_FIGURES nothing is written and the test's own assertions decide.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def figure(group: str, name: str, value):
    path = os.environ.get("CONGAN_FIGURES")
    if path:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(json.dumps({"group": group, "name": name, "value": value}, ensure_ascii=False) + "\n")
    return value
