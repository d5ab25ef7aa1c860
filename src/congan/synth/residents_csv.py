"""The residents import file (DESIGN.md, "Contract: import files") filled with synthetic people."""

from __future__ import annotations

import csv
import os

from .population import generate_people

#: The cleansing input columns, then the household columns residents add.
RESIDENT_COLUMNS = (
    "record_id", "source", "full_name", "date_of_birth", "sex", "id_number", "hometown",
    "address", "father_name", "mother_name", "household_id", "relation_to_head", "ethnicity",
    "religion",
)


def write_residents_csv(path: str | os.PathLike, n: int, *, seed: int = 0,
                        province_codes=("92",)) -> int:
    """Stream n synthetic residents into a UTF-8 CSV at path; returns the number written."""
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(RESIDENT_COLUMNS)
        for p in generate_people(n, seed=seed, province_codes=province_codes):
            out.writerow((
                p.person_key, "synth", p.full_name, p.date_of_birth.isoformat(), p.sex,
                p.id_number, p.hometown, p.address, p.father_name, p.mother_name,
                p.household_id, p.relation_to_head, p.ethnicity, p.religion,
            ))
            written += 1
    return written
