"""Data-quality rules: each gives findings for one record; none of them rejects the record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from congan import idnumbers

from .normalise import normalise_sex, parse_address, parse_date


@dataclass(frozen=True)
class Finding:
    record_id: str
    field: str
    code: str  # stable identifier, e.g. 'cccd_sex_mismatch'
    message: str


def _text(row: Mapping[str, object], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def validate_record(
    row: Mapping[str, object], *, today: date | None = None, provinces: tuple[str, ...] = ()
) -> list[Finding]:
    """Findings of one record; `provinces` as in `normalise.parse_address`."""
    rid = _text(row, "record_id")
    today = today or date.today()
    out: list[Finding] = []

    def add(field: str, message: str) -> None:
        code, _, detail = message.partition(": ")
        out.append(Finding(rid, field, code, detail or message))

    dob = parse_date(_text(row, "date_of_birth")) if _text(row, "date_of_birth") else None
    if _text(row, "date_of_birth") and dob is None:
        add("date_of_birth", f"unreadable_date: {_text(row, 'date_of_birth')}")
    if dob and dob.finding:
        add("date_of_birth", dob.finding)
    if dob and not dob.finding and (dob.year > today.year or dob.year < today.year - 120):
        add("date_of_birth", f"implausible_year: {dob.year}")

    sex = normalise_sex(_text(row, "sex")) if _text(row, "sex") else None
    if _text(row, "sex") and sex is None:
        add("sex", f"unknown_sex_code: {_text(row, 'sex')}")

    raw_id = _text(row, "id_number")
    if raw_id:
        digits, repaired = idnumbers.repair(raw_id)
        for r in repaired:
            add("id_number", r)
        for f in idnumbers.consistency_findings(digits, sex, dob.year if dob else None):
            add("id_number", f)

    raw_address = _text(row, "address")
    if raw_address:
        parsed = parse_address(raw_address, provinces)
        if not parsed.ward_codes_2025:
            add("address", f"unknown_unit: no ward recognised in {raw_address!r}")
        elif parsed.split_ward:
            candidates = ", ".join(parsed.ward_codes_2025)
            add("address", f"split_ward: old ward {parsed.ward_code} became {candidates}")
    return out


def validate_records(
    rows: Iterable[Mapping[str, object]], provinces: tuple[str, ...] = ()
) -> Iterator[Finding]:
    for row in rows:
        yield from validate_record(row, provinces=provinces)
