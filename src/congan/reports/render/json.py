"""The report as JSON (DESIGN.md "Contract: report JSON"): rates and changes as fractions."""

from __future__ import annotations

import json
from decimal import Decimal


def _default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def render(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, default=_default) + "\n"
