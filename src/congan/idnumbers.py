"""The one place for Vietnamese ID-number rules: `congan check-id`, the registry's forms,
imports and findings, and the cleansing engine all call these. Domain rules only: no Django,
no Splink.

CCCD (citizen identity card, 12 digits): 3-digit code of the province where the birth was
registered (or a country code for people born abroad: never rejected for being outside
001–096) + 1 century/sex digit + 2 digits of the birth year + 6 serial digits. No check digit.
CMND (old identity card, 9 digits): prefixed by the issuing provincial police, so it says
nothing about birthplace, sex or year.

A CCCD whose century digit and year digits give a birth year after today (2295, or a century
that has not begun) cannot have been issued: it is refused, with that reason. A number that
disagrees with the person's sex or birth year is a data-quality finding, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

CCCD = "cccd"
CMND = "cmnd"
CCCD_DIGITS = 12
CMND_DIGITS = 9

#: Lengths of a CCCD or CMND whose leading zero a spreadsheet ate (`repair`).
LOST_ZERO_LENGTHS = (CCCD_DIGITS - 1, CMND_DIGITS - 1)
#: Characters clerks put between digit groups; dropped before any check.
SEPARATORS = r"[\s.\-_/]"
_SEPARATORS = re.compile(SEPARATORS)

# Century/sex digit: even = male, odd = female; each pair is one century from 1900.
_FIRST_CENTURY = 1900


class IdNumberError(ValueError):
    """A number that is not an ID number at all (non-digits, wrong length)."""


@dataclass(frozen=True)
class CccdInfo:
    province_code: str  # birth registration code ('092'), or a country code if born abroad
    century: int  # 1900, 2000, …
    sex: str  # 'Nam' | 'Nữ'
    birth_year: int
    serial: str
    century_digit: int


@dataclass(frozen=True)
class IdCheck:
    number: str  # digits only, as checked
    kind: str | None  # 'cccd' | 'cmnd' | None when malformed
    valid: bool
    reason: str | None = None  # why it is refused
    cccd: CccdInfo | None = None  # decoded, also when refused for its birth year


def _digits(number: str) -> str:
    return _SEPARATORS.sub("", str(number).strip())


def decode_cccd(number: str) -> CccdInfo:
    """Decode a 12-digit CCCD; raise IdNumberError if it is not one."""
    digits = _digits(number)
    if not digits.isdigit():
        raise IdNumberError(f"{number!r} contains characters other than digits")
    if len(digits) != CCCD_DIGITS:
        raise IdNumberError(f"{number!r} has {len(digits)} digits; a CCCD has {CCCD_DIGITS}")
    code = int(digits[3])
    century = _FIRST_CENTURY + 100 * (code // 2)
    return CccdInfo(
        province_code=digits[:3],
        century=century,
        sex="Nam" if code % 2 == 0 else "Nữ",
        birth_year=century + int(digits[4:6]),
        serial=digits[6:],
        century_digit=code,
    )


def birth_year_problem(info: CccdInfo, today: date | None = None) -> str | None:
    """Why a decoded CCCD's birth year is impossible (in the future), or None."""
    this_year = (today or date.today()).year
    if info.birth_year <= this_year:
        return None
    problem = f"year of birth {info.birth_year} is in the future"
    if info.century > this_year:
        problem += (
            f" (century digit {info.century_digit} means {info.century}–{info.century + 99}, "
            "a century not yet begun)"
        )
    return problem


def check_id(number: str, *, today: date | None = None) -> IdCheck:
    """Classify and validate a 12-digit CCCD or 9-digit CMND; never raises on bad input."""
    digits = _digits(number)
    if not digits:
        return IdCheck(digits, None, False, "empty")
    if not digits.isdigit():
        bad = next(c for c in digits if not c.isdigit())
        return IdCheck(digits, None, False, f"contains the non-digit character {bad!r}")
    if len(digits) == CCCD_DIGITS:
        info = decode_cccd(digits)
        problem = birth_year_problem(info, today)
        return IdCheck(digits, CCCD, problem is None, problem, info)
    if len(digits) == CMND_DIGITS:
        return IdCheck(digits, CMND, True)
    return IdCheck(
        digits,
        None,
        False,
        f"has {len(digits)} digits; expected {CCCD_DIGITS} (CCCD) or {CMND_DIGITS} (CMND)",
    )


def consistency_findings(number: str, sex: str | None, birth_year: int | None) -> list[str]:
    """Findings where a CCCD disagrees with the record's sex or birth year (CMND: none)."""
    result = check_id(number)
    if not result.valid:
        code = "cccd_impossible_year" if result.kind == CCCD else "malformed_id"
        return [f"{code}: {result.reason}"]
    info = result.cccd
    if info is None:
        return []
    findings = []
    if sex and sex != info.sex:
        findings.append(f"cccd_sex_mismatch: number says {info.sex}, record says {sex}")
    if birth_year and birth_year != info.birth_year:
        findings.append(
            f"cccd_year_mismatch: number says {info.birth_year}, record says {birth_year}"
        )
    return findings


def repair(number: str) -> tuple[str, list[str]]:
    """Lenient form for linking: restore a leading zero lost in a spreadsheet.

    CCCDs start with '0' for every province code below 100, so an 11-digit number is almost
    always a CCCD whose zero was eaten by a numeric column; likewise an 8-digit CMND.
    """
    digits = _digits(number)
    if digits.isdigit() and len(digits) in LOST_ZERO_LENGTHS:
        return "0" + digits, ["leading_zero_restored"]
    return digits, []
