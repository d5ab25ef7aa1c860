from datetime import date

import pytest

from congan.idnumbers import (
    IdNumberError,
    check_id,
    consistency_findings,
    decode_cccd,
)


@pytest.mark.parametrize(
    ("number", "province", "century", "sex", "year"),
    [
        ("092085001234", "092", 1900, "Nam", 1985),
        ("092195001234", "092", 1900, "Nữ", 1995),
        ("092205001234", "092", 2000, "Nam", 2005),
        ("092310001234", "092", 2000, "Nữ", 2010),
        ("001599001234", "001", 2100, "Nữ", 2199),
        ("840002001234", "840", 1900, "Nam", 1902),  # born abroad: a country code, accepted
    ],
)
def test_decode_cccd(number, province, century, sex, year):
    info = decode_cccd(number)
    assert (info.province_code, info.century, info.sex, info.birth_year) == (
        province,
        century,
        sex,
        year,
    )


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "empty"),
        ("09219500123X", "contains the non-digit character 'X'"),
        ("0921950012", "has 10 digits; expected 12 (CCCD) or 9 (CMND)"),
    ],
)
def test_malformed_numbers_say_why(number, reason):
    result = check_id(number)
    assert not result.valid
    assert result.reason == reason


def test_decode_rejects_a_cmnd():
    with pytest.raises(IdNumberError, match="has 9 digits"):
        decode_cccd("361234567")


def test_cmnd_accepted_without_decoding():
    result = check_id("361234567")
    assert (result.valid, result.kind, result.cccd) == (True, "cmnd", None)


@pytest.mark.parametrize(
    ("number", "sex", "year", "codes"),
    [
        ("092195001234", "Nữ", 1995, []),
        ("092195001234", "Nam", 1995, ["cccd_sex_mismatch"]),
        ("092195001234", "Nữ", 1996, ["cccd_year_mismatch"]),
        ("361234567", "Nam", 1990, []),  # a CMND says nothing about sex or year
        ("12ab", "Nam", 1990, ["malformed_id"]),
        ("092795123456", "Nam", 1995, ["cccd_impossible_year"]),  # 2295: the same rule as check-id
    ],
)
def test_consistency_findings(number, sex, year, codes):
    assert [f.split(":")[0] for f in consistency_findings(number, sex, year)] == codes


@pytest.mark.parametrize(
    ("number", "today", "reason"),
    [
        ("092795123456", date(2026, 1, 1), "year of birth 2295 is in the future (century digit 7 means 2200–2299, a century not yet begun)"),
        ("092227000001", date(2026, 12, 31), "year of birth 2027 is in the future"),
        ("092599001234", date(2026, 1, 1), "year of birth 2199 is in the future (century digit 5 means 2100–2199, a century not yet begun)"),
    ],
)
def test_a_cccd_born_after_today_is_refused(number, today, reason):
    result = check_id(number, today=today)
    assert (result.valid, result.kind, result.reason) == (False, "cccd", reason)
    assert result.cccd is not None  # still decoded, so the user sees what the digits say


def test_a_cccd_born_today_is_valid():
    assert check_id("092226000001", today=date(2026, 1, 1)).valid
