from datetime import date

import pytest

from congan.cleansing.normalise import normalise_id, normalise_sex, parse_address, parse_date

TODAY = date(2025, 9, 1)


@pytest.mark.parametrize(
    ("raw", "ymd", "finding"),
    [
        ("05/03/1990", (1990, 3, 5), None),
        ("5/3/1990", (1990, 3, 5), None),
        ("1990-03-05", (1990, 3, 5), None),
        ("05-03-1990", (1990, 3, 5), None),
        ("03/1990", (1990, 3, None), None),
        ("1990", (1990, None, None), None),
        ("5/3/90", (1990, 3, 5), None),
        ("5/3/07", (2007, 3, 5), None),
        ("03/25/1990", (1990, 3, 25), "day_month_swapped"),
        ("31/02/1990", (1990, None, None), "impossible_date: 31/02/1990"),
        ("ngày 5 tháng 3 năm 1990", (1990, 3, 5), None),
    ],
)
def test_parse_date(raw, ymd, finding):
    d = parse_date(raw, TODAY)
    assert (d.year, d.month, d.day) == ymd
    assert d.finding == finding


@pytest.mark.parametrize("raw", ["", "không rõ", "12/13/14/15"])
def test_unreadable_date(raw):
    assert parse_date(raw, TODAY) is None


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("Nam", "Nam"), ("nam", "Nam"), ("M", "Nam"), ("Nữ", "Nữ"), ("nu", "Nữ"), ("NỮ", "Nữ"),
     ("F", "Nữ"), ("Nuwx", "Nữ"), ("?", None)],
)  # fmt: skip
def test_normalise_sex(raw, sex):
    assert normalise_sex(raw) == sex


@pytest.mark.parametrize(
    ("raw", "kind", "number"),
    [
        ("092190000123", "cccd", "092190000123"),
        ("092 190 000 123", "cccd", "092190000123"),
        ("92190000123", "cccd", "092190000123"),  # leading zero eaten by a spreadsheet
        ("361234567", "cmnd", "361234567"),
        ("36.123.4567", "cmnd", "361234567"),
        ("12345", None, "12345"),
    ],
)
def test_normalise_id(raw, kind, number):
    result = normalise_id(raw)
    assert (result.kind, result.number) == (kind, number)


@pytest.mark.parametrize(
    ("raw", "era", "ward", "new"),
    [
        ("Số 12, Đường Nguyễn Trãi, Phường An Hòa, Quận Ninh Kiều, Thành phố Cần Thơ",
         "legacy", "31120", ("31120",)),
        ("so 12 duong nguyen trai P. An Hoa Q. Ninh Kieu TP Can Tho", "legacy", "31120", ("31120",)),
        ("12 Nguyen Trai, P.Cai Khe, Q.Ninh Kieu, TP.Can Tho", "legacy", "31117", ("31120",)),
        ("Số 12, Đường 30/4, Phường Ninh Kiều, Thành phố Cần Thơ", "2025", "31135", ("31135",)),
        ("Phuong Cai Khe, TP Can Tho", "2025", "31120", ("31120",)),
        ("Ấp 3, Xã Vị Thủy, Huyện Vị Thủy, Tỉnh Hậu Giang", "legacy", "31447", ("31453",)),
        ("ap 2, TT Phong Dien, H. Phong Dien, TP Can Tho", "legacy", "31299", ("31299",)),
        ("P5, TP Sóc Trăng, Sóc Trăng", "legacy", "31498", ("31507",)),
        # split ward: both 2025 candidates kept
        ("Phường Bùi Hữu Nghĩa, Quận Bình Thủy, TP Cần Thơ", "legacy", "31178", ("31120", "31168")),
    ],
)  # fmt: skip
def test_parse_address(raw, era, ward, new):
    parsed = parse_address(raw)
    assert (parsed.era, parsed.ward_code, parsed.ward_codes_2025) == (era, ward, new)


def test_unknown_address():
    assert parse_address("Trên sao Hỏa").ward_codes_2025 == ()


def test_an_address_naming_no_province_is_read_in_the_given_area():
    """The area is a parameter (the installation's city), not a code inside the engine."""
    text = "Số 3, Phường An Hòa, Quận Ninh Kiều"
    assert parse_address(text).ward_codes_2025 == ()
    assert parse_address(text, ("92", "93", "94")).ward_code == "31120"
    assert parse_address(text, ("79",)).ward_codes_2025 == ()  # Ho Chi Minh City has no such ward


def test_the_city_provinces_come_from_the_unit_lists():
    from congan.units import legacy_provinces_of

    assert legacy_provinces_of("92") == ("92", "93", "94")
