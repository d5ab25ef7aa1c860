"""One rate convention for every figure: a fraction, None over nothing, rounded once to 4 places."""

from decimal import Decimal

from congan.rates import change, fraction, rate, rounded


def test_a_rate_is_a_fraction_rounded_to_four_places():
    assert rate(2, 3) == 0.6667
    assert rate(Decimal("1.5"), 4) == 0.375
    assert fraction(2, 6) == 2 / 6


def test_a_rate_over_nothing_is_none_not_zero_or_one():
    assert rate(0, 0) is None and fraction(5, 0) is None and rounded(None) is None
    assert rate(0, 7) == 0.0


def test_same_period_change_and_its_zero():
    assert change(69, 100) == -0.31
    assert change(3, 0) is None
    assert change(4, 4) == 0.0
