"""The dates the software speaks of: a record's date, a period's bounds, a search's year of birth.

From 1 January 1900 to 31 December 2100. Inside that range every sum a report makes (the period a
year earlier, its months, the day fourteen years before for ID-card eligibility) is an ordinary
date; outside it the input is a typing error, refused with a message rather than carried into a
server error. Pure Python: forms, the API's parameters and the period arithmetic read it.
"""

from __future__ import annotations

from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
MIN_YEAR = EARLIEST.year
MAX_YEAR = LATEST.year


class OutOfRange(ValueError):
    """A day or a year outside EARLIEST–LATEST; the message says the range."""


def check_day(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise OutOfRange(f"dates run from {EARLIEST.isoformat()} to {LATEST.isoformat()}, not {day.isoformat()}")
    return day


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRange(f"years run from {MIN_YEAR} to {MAX_YEAR}, not {year}")
    return year
