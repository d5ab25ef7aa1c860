"""Numbers, dates, periods and figures in words: Vietnamese formatting (1.234; 92,00%) by default.

Every renderer formats through here so the page, the Word document and the print layout say
the same thing the same way. English (when the page is in English) uses 1,234 and 92.00%.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congan.rates import rounded
from congan.reports import periods
from congan.reports.periods import Period

DASH = "—"


def _vietnamese(lang: str | None) -> bool:
    return (lang or get_language() or "vi").startswith("vi")


def number(value, places: int = 0, lang: str | None = None) -> str:
    """1234 → "1.234"; 1.5 with places=1 → "1,5" (Vietnamese); None → "—"."""
    if value is None:
        return DASH
    if places == 0 and isinstance(value, Decimal | float) and value != int(value):
        text = f"{value:,.3f}".rstrip("0").rstrip(".")  # a weight: up to grams
    else:
        text = f"{value:,.{places}f}"
    if _vietnamese(lang):
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(fraction, places: int = 2, lang: str | None = None) -> str:
    """0.92 → "92,00%"; None → "—"."""
    if fraction is None:
        return DASH
    return f"{number(float(fraction) * 100, places, lang)}%"


def day(value: date | str) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def period_name(period: Period) -> str:
    params = {"year": period.year, "month": period.number}
    names = {
        periods.POLICE_YEAR: _("Police statistical year %(year)s"),
        periods.POLICE_HALF: (_("First half of police year %(year)s") if period.number == 1
                              else _("Second half of police year %(year)s")),
        periods.POLICE_MONTH: _("Police month %(month)s/%(year)s"),
        periods.CALENDAR_YEAR: _("Calendar year %(year)s"),
        periods.CALENDAR_HALF: (_("First half of calendar year %(year)s") if period.number == 1
                                else _("Second half of calendar year %(year)s")),
        periods.CALENDAR_MONTH: _("Calendar month %(month)s/%(year)s"),
    }
    if period.kind == periods.CUSTOM:
        return _("From %(start)s to %(end)s") % {"start": day(period.start), "end": day(period.end)}
    return names[period.kind] % params


def period_label(period: Period) -> str:
    """"Police statistical year 2025 (15/12/2024 – 14/12/2025)"."""
    if period.kind == periods.CUSTOM:
        return period_name(period)
    return f"{period_name(period)} ({day(period.start)} – {day(period.end)})"


def period_from_dict(data: dict, kind: str = periods.CUSTOM, year=None, number=None) -> Period:
    return Period(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), kind, year, number)


def trend(fraction) -> str:
    """A same-period change in words: "down 31,20%", "up 5,00%", "unchanged", or no comparison."""
    if fraction is None:
        return _("no comparison (none in the same period last year)")
    if fraction == 0:
        return _("unchanged")
    if fraction < 0:
        return _("down %(pct)s") % {"pct": percent(-fraction)}
    return _("up %(pct)s") % {"pct": percent(fraction)}


def points(fraction, places: int = 2, lang: str | None = None) -> str:
    """A difference of two rates in percentage points: 0.003 → "0,30 điểm phần trăm"."""
    return _("%(points)s percentage points") % {"points": number(float(fraction) * 100, places, lang)}


def against_target(rate, target) -> str:
    """How far a rate is from its target, in percentage points (a difference of rates, not a %)."""
    if rate is None or target is None:
        return ""
    diff = rounded(rate - target)
    if diff > 0:
        return _("%(points)s above the target") % {"points": points(diff)}
    if diff < 0:
        return _("%(points)s below the target") % {"points": points(-diff)}
    return _("meeting the target")


def moment(value: datetime | str) -> str:
    """A moment in local time, in words: "14 giờ 05 phút ngày 07 tháng 12 năm 2026"."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _("%(hour)s:%(minute)s on %(day)s/%(month)s/%(year)s") % {
        "hour": f"{value.hour:02d}", "minute": f"{value.minute:02d}", "day": f"{value.day:02d}",
        "month": f"{value.month:02d}", "year": value.year}
