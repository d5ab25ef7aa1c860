"""Rates as the reviews quote them: one fraction, one rounding, one convention for zero.

A rate is part ÷ whole as a fraction (0.9792, not 97.92 %); a rate over nothing is None (the
figure does not exist), never 0 or 1. Figures are rounded once, to `PLACES`, where they are
published (the report, the registry's collection rate); the cleansing pages show the exact
fraction. Pure Python: registers, reports and renderers all import it.
"""

from __future__ import annotations

#: Decimal places of a published rate: 0.9792 shows as 97.92 %.
PLACES = 4


def fraction(part, whole) -> float | None:
    """part ÷ whole, unrounded; None when there is nothing to divide by."""
    if not whole:
        return None
    return float(part) / float(whole)


def rounded(value) -> float | None:
    """The one rounding of a published rate or difference of rates (None stays None)."""
    return None if value is None else round(float(value), PLACES)


def rate(part, whole) -> float | None:
    """part ÷ whole rounded to `PLACES`; None when there is nothing to divide by."""
    return rounded(fraction(part, whole))


def change(this, last) -> float | None:
    """Same-period change (this − last) ÷ last, rounded; None when last is zero."""
    return rounded(fraction(float(this) - float(last), last))
