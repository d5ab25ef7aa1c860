"""`congan check-id NUMBER`: what a number says, or why it is not one (exit 1)."""

import io
import json

import pytest
from django.core.management import call_command


def check(number, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check-id", number, *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("number", "province", "century", "sex", "year"), [
    ("092190000001", "092: Thành phố Cần Thơ", "1900–1999", "Nữ", 1990),
    ("092 085 123456", "092: Thành phố Cần Thơ", "1900–1999", "Nam", 1985),
    ("001205012345", "001: Thành phố Hà Nội", "2000–2099", "Nam", 2005),
    ("093312000001", "093: Tỉnh Hậu Giang (since 1 July 2025 part of Thành phố Cần Thơ)", "2000–2099", "Nữ", 2012),
    ("094098765432", "094: Tỉnh Sóc Trăng (since 1 July 2025 part of Thành phố Cần Thơ)", "1900–1999", "Nam", 1998),
    ("840195000001", "840: born abroad (country code)", "1900–1999", "Nữ", 1995),
    ("000195000001", "000: born abroad (country code)", "1900–1999", "Nữ", 1995),
    ("003195000001", "003: no province has this code", "1900–1999", "Nữ", 1995),
])
def test_a_cccd_is_decoded(number, province, century, sex, year):
    code, out, _ = check(number, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["kind"] == "cccd"
    assert result["province_of_birth_registration"] == province
    assert (result["century"], result["sex"], result["year_of_birth"]) == (century, sex, year)


def test_the_plain_output_names_each_part():
    code, out, _ = check("092190000001")
    assert code == 0
    assert "092190000001: valid CCCD" in out
    assert "province of birth registration: 092: Thành phố Cần Thơ" in out
    assert "sex: Nữ" in out
    assert "year of birth: 1990" in out


def test_a_cmnd_is_valid_but_says_nothing_of_birth():
    code, out, _ = check("361234567")
    assert code == 0
    assert "valid CMND" in out
    assert "no birthplace, sex or year" in out


@pytest.mark.parametrize(("number", "reason"), [
    ("09219000000X", "contains the non-digit character 'X'"),
    ("9219000001", "has 10 digits; expected 12 (CCCD) or 9 (CMND)"),
    ("0921900000011", "has 13 digits"),
    ("   ", "empty"),
])
def test_a_malformed_number_is_refused_with_the_reason(number, reason):
    code, out, err = check(number)
    assert code == 1
    assert reason in err
    assert out == ""


@pytest.mark.parametrize(("number", "reason"), [
    ("092795123456", "year of birth 2295 is in the future (century digit 7 means 2200–2299, a century not yet begun)"),
    ("092400000001", "year of birth 2100 is in the future (century digit 4 means 2100–2199, a century not yet begun)"),
    ("092399000001", "year of birth 2099 is in the future"),
])
def test_a_cccd_born_in_the_future_is_refused_with_the_reason(number, reason):
    code, out, err = check(number)
    assert code == 1
    assert out == ""
    assert err.strip() == f"not a valid CCCD: {number!r} {reason}"


def test_the_json_of_a_refused_cccd_still_shows_what_it_decodes_to():
    code, out, _ = check("092795123456", "--json")
    assert code == 1
    result = json.loads(out)
    assert (result["valid"], result["kind"], result["year_of_birth"]) == (False, "cccd", 2295)
    assert result["reason"].startswith("year of birth 2295 is in the future")


def test_a_cccd_born_this_year_is_valid():
    from datetime import date

    year = date.today().year
    number = f"092{(year // 100 - 19) * 2}{year % 100:02d}000001"
    code, out, _ = check(number, "--json")
    assert code == 0
    assert json.loads(out)["year_of_birth"] == year
