"""Synthetic, consistent Vietnamese residents for demos, tests and benchmarks. No Django here.

Every person is made up; any likeness to a real person's record is chance.
"""

from .addresses import address_2025, ward_code_2025
from .population import REFERENCE_DATE, Person, generate_people
from .residents_csv import RESIDENT_COLUMNS, write_residents_csv

__all__ = [
    "REFERENCE_DATE",
    "RESIDENT_COLUMNS",
    "Person",
    "address_2025",
    "generate_people",
    "ward_code_2025",
    "write_residents_csv",
]
