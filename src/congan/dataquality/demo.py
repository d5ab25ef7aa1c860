"""`congan demo`: duplicates with realistic errors in the registry, then a first cleansing run.

The registry demo loads every synthetic resident once, cleanly. Real registries hold the same
person several times (household book, old CMND card, CCCD application), written differently;
`congan.synth.noisy` makes those records for the same synthetic people (same seed, same people),
so the review queue and the cleansing rate have something to show.
"""

from __future__ import annotations

import time

from django.db import transaction

from congan.dataquality import services
from congan.dataquality.models import CleansingRun
from congan.importing import RowError
from congan.org.demodata import old_provinces
from congan.registry.importers import ResidentImporter
from congan.registry.models import Person
from congan.synth.noisy import generate_noisy_records
from congan.vntext import nfc

#: Noisy records made per resident loaded (about one person in twenty gets 1–3 more records).
DUPLICATE_SHARE = 0.03
MAX_DUPLICATES = 600


def add_duplicates(*, residents: int, seed: int) -> list[int]:
    """Store noisy records of already-registered synthetic people; returns the new Person ids.

    Each goes through the residents importer's row rules; a record that a real import would
    reject (no recognisable ward, an unreadable date) is left out, as it would be.
    """
    wanted = max(20, min(MAX_DUPLICATES, int(residents * DUPLICATE_SHARE)))
    rows = generate_noisy_records(wanted, seed=seed, province_codes=[p.code for p in old_provinces()])
    registered = set(Person.objects.filter(record_id__in={r["true_person"] for r in rows})
                     .values_list("record_id", flat=True))
    importer = ResidentImporter()
    cleaned = []
    for i, row in enumerate(rows, 1):
        if row["true_person"] not in registered:
            continue
        values = {k: nfc(v) for k, v in row.items()}
        values.update(record_id=f"D{seed % 10000:04d}{i:05d}", household_id="", relation_to_head="",
                      ethnicity="", religion="")
        try:
            cleaned.append(importer.clean_row(values))
        except RowError:
            continue
    importer.prepare(cleaned)  # sealed and indexed as an import does, then stored and counted
    with transaction.atomic():
        importer.store(cleaned)
        importer.finish()
    return list(Person.objects.filter(record_id__in=[c["record_id"] for c in cleaned]).values_list("id", flat=True))


def load(*, residents: int, seed: int, stdout) -> None:
    if CleansingRun.objects.exists():
        stdout.write("dataquality: a cleansing run exists already")
        return
    started = time.perf_counter()
    added = add_duplicates(residents=residents, seed=seed)
    # Trained on the registry itself: one clean record per resident plus a few hundred
    # duplicates is enough now that the engine fixes the prior and trains m where matches are
    # dense. A model that fails its checks is refused (the run is kept as failed).
    try:
        run = services.run_cleansing(actor=None, scope_label="demo")
    except services.TrainingFailed as err:  # kept as a failed run, shown on the runs page
        stdout.write(f"dataquality: {len(added)} duplicate records added; training refused: {err}")
        return
    rate = f"{run.cleansing_rate:.2%}" if run.cleansing_rate is not None else "—"
    stdout.write(
        f"dataquality: {len(added)} duplicate records added; run {run.pk}: {run.records} records → "
        f"{run.persons} persons, {run.review_pairs} pairs for review, cleansing rate {rate} "
        f"({time.perf_counter() - started:.1f} s)"
    )
