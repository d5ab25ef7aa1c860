"""Statistical periods: the one place for period arithmetic. Pure Python, no Django.

The police statistical year Y runs from 15 December of Y-1 to 14 December of Y; its first half
from 15 December to 14 June, its second half from 15 June to 14 December; police month M of Y
from the 15th of the month before to the 14th of M (month 1 starts on 15 December of Y-1).
Calendar periods and custom ranges are also selectable. Every date range is inclusive.

`make` is the one door for a period a person asks for (the report page, its API, `congan report`):
it refuses a year or a day outside `congan.datebounds` with `datebounds.OutOfRange`, a ValueError
whose message says the range, so that the period a year earlier and every month stay ordinary dates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from congan import datebounds

POLICE_YEAR = "police_year"
POLICE_HALF = "police_half"
POLICE_MONTH = "police_month"
CALENDAR_YEAR = "calendar_year"
CALENDAR_HALF = "calendar_half"
CALENDAR_MONTH = "calendar_month"
CUSTOM = "custom"
KINDS = (POLICE_YEAR, POLICE_HALF, POLICE_MONTH, CALENDAR_YEAR, CALENDAR_HALF, CALENDAR_MONTH, CUSTOM)
POLICE_KINDS = (POLICE_YEAR, POLICE_HALF, POLICE_MONTH)

#: The day a police month, half-year and year begin (in the month before the calendar one).
CUTOFF_DAY = 15


@dataclass(frozen=True)
class Period:
    """An inclusive range of days, with the kind of period it is and its year and number."""

    start: date
    end: date
    kind: str = CUSTOM
    year: int | None = None
    number: int | None = None  # the half (1, 2) or the month (1–12); None for years and custom

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_police(self) -> bool:
        return self.kind in POLICE_KINDS

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _police_month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year - 1, 12, CUTOFF_DAY) if month == 1 else date(year, month - 1, CUTOFF_DAY)
    return start, date(year, month, CUTOFF_DAY - 1)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)


def police_year(year: int) -> Period:
    return Period(date(year - 1, 12, CUTOFF_DAY), date(year, 12, CUTOFF_DAY - 1), POLICE_YEAR, year)


def police_half(year: int, half: int) -> Period:
    if half == 1:
        return Period(date(year - 1, 12, CUTOFF_DAY), date(year, 6, CUTOFF_DAY - 1), POLICE_HALF, year, 1)
    if half == 2:
        return Period(date(year, 6, CUTOFF_DAY), date(year, 12, CUTOFF_DAY - 1), POLICE_HALF, year, 2)
    raise ValueError(f"half must be 1 or 2, not {half!r}")


def police_month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, not {month!r}")
    start, end = _police_month_bounds(year, month)
    return Period(start, end, POLICE_MONTH, year, month)


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), CALENDAR_YEAR, year)


def calendar_half(year: int, half: int) -> Period:
    if half == 1:
        return Period(date(year, 1, 1), date(year, 6, 30), CALENDAR_HALF, year, 1)
    if half == 2:
        return Period(date(year, 7, 1), date(year, 12, 31), CALENDAR_HALF, year, 2)
    raise ValueError(f"half must be 1 or 2, not {half!r}")


def calendar_month(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, not {month!r}")
    return Period(date(year, month, 1), _month_end(year, month), CALENDAR_MONTH, year, month)


def custom(start: date, end: date) -> Period:
    return Period(start, end, CUSTOM)


def make(kind: str, *, year: int | None = None, number: int | None = None,
         start: date | None = None, end: date | None = None) -> Period:
    """Build a period from the parameters a form, the API or the command line gives."""
    if kind == CUSTOM:
        if start is None or end is None:
            raise ValueError("a custom period needs a start and an end")
        return custom(datebounds.check_day(start), datebounds.check_day(end))
    if year is None:
        raise ValueError(f"a {kind} period needs a year")
    return _of_year(kind, datebounds.check_year(year), number)


def year_or_half(year: int, half: int | None = None, *, calendar: bool = False) -> Period:
    """The selection of `congan report` and the report API: a police (or calendar) year or half."""
    if half:
        return make(CALENDAR_HALF if calendar else POLICE_HALF, year=year, number=half)
    return make(CALENDAR_YEAR if calendar else POLICE_YEAR, year=year)


def _of_year(kind: str, year: int, number: int | None) -> Period:
    builders = {
        POLICE_YEAR: lambda: police_year(year), CALENDAR_YEAR: lambda: calendar_year(year),
        POLICE_HALF: lambda: police_half(year, number), CALENDAR_HALF: lambda: calendar_half(year, number),
        POLICE_MONTH: lambda: police_month(year, number),
        CALENDAR_MONTH: lambda: calendar_month(year, number),
    }
    if kind not in builders:
        raise ValueError(f"unknown period kind {kind!r}")
    return builders[kind]()


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def previous(period: Period) -> Period:
    """The same period one year earlier (the comparison "cùng kỳ năm trước")."""
    if period.kind == CUSTOM:
        return custom(_year_earlier(period.start), _year_earlier(period.end))
    return _of_year(period.kind, period.year - 1, period.number)


def months(period: Period) -> list[Period]:
    """The months that make up a period, for the monthly trend.

    Police periods split into police months, calendar ones into calendar months; a custom range
    into calendar months clipped to the range.
    """
    if period.kind in (POLICE_MONTH, CALENDAR_MONTH):
        return [period]
    if period.kind in (POLICE_YEAR, POLICE_HALF):
        numbers = range(1, 13) if period.kind == POLICE_YEAR else range(1, 7) if period.number == 1 else range(7, 13)
        return [police_month(period.year, m) for m in numbers]
    if period.kind in (CALENDAR_YEAR, CALENDAR_HALF):
        numbers = range(1, 13) if period.kind == CALENDAR_YEAR else range(1, 7) if period.number == 1 else range(7, 13)
        return [calendar_month(period.year, m) for m in numbers]
    out = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        m = calendar_month(year, month)
        out.append(replace(m, start=max(m.start, period.start), end=min(m.end, period.end), kind=CUSTOM,
                           year=year, number=month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_index(period: Period) -> dict[date, int]:
    """Day → position of its month within `period`'s months (for bucketing daily counts)."""
    index = {}
    for i, m in enumerate(months(period)):
        day = m.start
        while day <= m.end:
            index[day] = i
            day += timedelta(days=1)
    return index


def police_year_of(day: date) -> int:
    """The police year a day falls in (15 December starts the next year)."""
    return day.year + 1 if (day.month, day.day) >= (12, CUTOFF_DAY) else day.year


def to_date(day: date) -> dict[str, Period]:
    """The police month, half-year and year containing `day`, each cut at `day` (the dashboard's
    "to date"): custom ranges that keep the police year and number, so that `previous` gives the
    same days one year earlier, like for like."""
    year = police_year_of(day)
    month = next(m for m in range(1, 13) if day in police_month(year, m))
    whole = {POLICE_MONTH: police_month(year, month), POLICE_HALF: police_half(year, 1 if month <= 6 else 2),
             POLICE_YEAR: police_year(year)}
    return {kind: Period(p.start, day, CUSTOM, year, p.number) for kind, p in whole.items()}
