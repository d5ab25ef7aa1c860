"""Vietnamese number formatting and figures in words."""

from decimal import Decimal

from django.utils import translation

from congan.reports.render import wording as w


def test_vietnamese_numbers_and_percentages():
    with translation.override("vi"):
        assert w.number(1234) == "1.234"
        assert w.number(1234567) == "1.234.567"
        assert w.number(Decimal("1.5")) == "1,5"
        assert w.percent(0.92) == "92,00%"
        assert w.percent(0.9792) == "97,92%"
        assert w.percent(None) == "—"
        assert w.trend(-0.312) == "giảm 31,20%"
        assert w.trend(None).startswith("không so sánh được")
        assert w.against_target(0.92, 0.75) == "vượt chỉ tiêu 17,00 điểm phần trăm"


def test_english_numbers():
    with translation.override("en"):
        assert w.number(1234) == "1,234"
        assert w.percent(0.92) == "92.00%"
