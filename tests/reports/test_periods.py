"""Police and calendar periods, inclusive, and the same period one year earlier."""

from datetime import date

import pytest

from congan.reports import periods


def test_police_year_runs_from_15_december_to_14_december():
    p = periods.police_year(2025)
    assert (p.start, p.end) == (date(2024, 12, 15), date(2025, 12, 14))
    assert date(2024, 12, 15) in p and date(2025, 12, 14) in p
    assert date(2024, 12, 14) not in p and date(2025, 12, 15) not in p


def test_police_halves_split_on_15_june():
    first, second = periods.police_half(2025, 1), periods.police_half(2025, 2)
    assert (first.start, first.end) == (date(2024, 12, 15), date(2025, 6, 14))
    assert (second.start, second.end) == (date(2025, 6, 15), date(2025, 12, 14))
    assert first.days + second.days == periods.police_year(2025).days == 365


def test_police_months_run_15th_to_14th_and_month_1_starts_in_december():
    jan = periods.police_month(2026, 1)
    assert (jan.start, jan.end) == (date(2025, 12, 15), date(2026, 1, 14))
    mar = periods.police_month(2024, 3)
    assert (mar.start, mar.end) == (date(2024, 2, 15), date(2024, 3, 14))
    months = periods.months(periods.police_year(2026))
    assert len(months) == 12 and months[0].start == date(2025, 12, 15) and months[-1].end == date(2026, 12, 14)
    assert all(a.end.toordinal() + 1 == b.start.toordinal() for a, b in itertools_pairs(months))


def itertools_pairs(items):
    return zip(items, items[1:], strict=False)


def test_calendar_periods():
    assert (periods.calendar_year(2025).start, periods.calendar_year(2025).end) == (date(2025, 1, 1), date(2025, 12, 31))
    h2 = periods.calendar_half(2025, 2)
    assert (h2.start, h2.end) == (date(2025, 7, 1), date(2025, 12, 31))
    feb = periods.calendar_month(2024, 2)
    assert feb.end == date(2024, 2, 29)
    assert [m.number for m in periods.months(periods.calendar_half(2025, 1))] == [1, 2, 3, 4, 5, 6]


def test_previous_is_the_same_period_a_year_earlier():
    assert periods.previous(periods.police_half(2025, 1)) == periods.police_half(2024, 1)
    assert periods.previous(periods.police_month(2025, 1)) == periods.police_month(2024, 1)
    p = periods.previous(periods.custom(date(2024, 2, 10), date(2024, 2, 29)))
    assert (p.start, p.end) == (date(2023, 2, 10), date(2023, 2, 28))


def test_custom_range_months_are_clipped():
    months = periods.months(periods.custom(date(2025, 3, 20), date(2025, 5, 3)))
    assert [(m.start, m.end) for m in months] == [
        (date(2025, 3, 20), date(2025, 3, 31)), (date(2025, 4, 1), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 5, 3))]


def test_bad_periods_are_refused():
    with pytest.raises(ValueError):
        periods.custom(date(2025, 2, 1), date(2025, 1, 1))
    with pytest.raises(ValueError):
        periods.police_half(2025, 3)
    with pytest.raises(ValueError):
        periods.make("police_year")
