"""`congan check-id NUMBER`: decode and validate a CCCD (12 digits) or CMND (9 digits)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from congan import idnumbers, units

HIGHEST_PROVINCE_CODE = 96


def birth_registration(code: str) -> str:
    """'092' → 'Thành phố Cần Thơ'; a code outside 001–096 is a country code (born abroad)."""
    number = int(code)
    if not 1 <= number <= HIGHEST_PROVINCE_CODE:
        return f"{code}: born abroad (country code)"
    province = units.get_unit(f"{number:02d}", units.LEGACY, units.PROVINCE)
    if province is None:
        return f"{code}: no province has this code"
    successor = units.province_successor(province.code)
    now = units.get_unit(successor, units.Y2025, units.PROVINCE) if successor else None
    if now is not None and now.code != province.code:
        return f"{code}: {province.name} (since 1 July 2025 part of {now.name})"
    return f"{code}: {province.name}"


def describe(number: str) -> dict:
    check = idnumbers.check_id(number)
    out = {"number": check.number, "kind": check.kind, "valid": check.valid}
    if not check.valid:
        out["reason"] = check.reason
    if check.cccd:
        info = check.cccd
        out.update(
            province_of_birth_registration=birth_registration(info.province_code),
            century=f"{info.century}–{info.century + 99}", sex=info.sex,
            year_of_birth=info.birth_year, serial=info.serial,
        )
    elif check.valid:
        out["note"] = ("old 9-digit identity card: the prefix is the issuing provincial police; "
                       "it states no birthplace, sex or year of birth")
    return out


class Command(BaseCommand):
    help = "Decode and validate an ID number (12-digit CCCD or 9-digit CMND)."

    def add_arguments(self, parser):
        parser.add_argument("number")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, number, json: bool = False, **options):
        result = describe(number)
        if json:
            self.stdout.write(_dumps(result))
        elif not result["valid"]:
            what = f"not a valid {result['kind'].upper()}" if result["kind"] else "malformed"
            self.stderr.write(f"{what}: {number!r} {result['reason']}")
        else:
            labels = {"kind": "kind", "province_of_birth_registration": "province of birth registration",
                      "century": "century", "sex": "sex", "year_of_birth": "year of birth",
                      "serial": "serial", "note": "note"}
            self.stdout.write(f"{result['number']}: valid {result['kind'].upper()}")
            for key, label in labels.items():
                if key in result and key != "kind":
                    self.stdout.write(f"  {label}: {result[key]}")
        if not result["valid"]:
            sys.exit(1)


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)
