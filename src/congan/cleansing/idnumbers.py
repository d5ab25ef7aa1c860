"""The one place for Vietnamese ID-number rules (cleansing, `congan check-id`, the registry).

CCCD (citizen identity card, 12 digits): 3-digit code of the province where the birth was
registered (or a country code for people born abroad: never rejected for being outside
001–096) + 1 century/sex digit + 2 digits of the birth year + 6 serial digits. No check digit.
CMND (old identity card, 9 digits): prefixed by the issuing provincial police, so it says
nothing about birthplace, sex or year.

A number that disagrees with the person's sex or birth year is a data-quality finding,
never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CCCD = "cccd"
CMND = "cmnd"

_SEPARATORS = re.compile(r"[\s.\-_/]")

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


@dataclass(frozen=True)
class IdCheck:
    number: str  # digits only, as checked
    kind: str | None  # 'cccd' | 'cmnd' | None when malformed
    valid: bool
    reason: str | None = None  # why it is malformed
    cccd: CccdInfo | None = None


def _digits(number: str) -> str:
    return _SEPARATORS.sub("", str(number).strip())


def decode_cccd(number: str) -> CccdInfo:
    """Decode a 12-digit CCCD; raise IdNumberError if it is not one."""
    digits = _digits(number)
    if not digits.isdigit():
        raise IdNumberError(f"{number!r} contains characters other than digits")
    if len(digits) != 12:
        raise IdNumberError(f"{number!r} has {len(digits)} digits; a CCCD has 12")
    code = int(digits[3])
    century = _FIRST_CENTURY + 100 * (code // 2)
    return CccdInfo(
        province_code=digits[:3],
        century=century,
        sex="Nam" if code % 2 == 0 else "Nữ",
        birth_year=century + int(digits[4:6]),
        serial=digits[6:],
    )


def check_id(number: str) -> IdCheck:
    """Classify and validate a 12-digit CCCD or 9-digit CMND; never raises on bad input."""
    digits = _digits(number)
    if not digits:
        return IdCheck(digits, None, False, "empty")
    if not digits.isdigit():
        bad = next(c for c in digits if not c.isdigit())
        return IdCheck(digits, None, False, f"contains the non-digit character {bad!r}")
    if len(digits) == 12:
        return IdCheck(digits, CCCD, True, cccd=decode_cccd(digits))
    if len(digits) == 9:
        return IdCheck(digits, CMND, True)
    return IdCheck(digits, None, False, f"has {len(digits)} digits; expected 12 (CCCD) or 9 (CMND)")


def consistency_findings(number: str, sex: str | None, birth_year: int | None) -> list[str]:
    """Findings where a CCCD disagrees with the record's sex or birth year (CMND: none)."""
    result = check_id(number)
    if not result.valid:
        return [f"malformed_id: {result.reason}"]
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
    if digits.isdigit() and len(digits) in (8, 11):
        return "0" + digits, ["leading_zero_restored"]
    return digits, []
