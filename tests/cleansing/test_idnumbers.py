import pytest

from congan.cleansing.idnumbers import (
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
    ],
)
def test_consistency_findings(number, sex, year, codes):
    assert [f.split(":")[0] for f in consistency_findings(number, sex, year)] == codes
