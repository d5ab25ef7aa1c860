"""A well-kept registry (distinct residents, no duplicates) cleanses in one run: the model the
records cannot train comes from the prior, and every resident without a blocking finding is
settled."""

import csv
import io

from django.core.management import call_command

from congan.dataquality.models import CleansingRun, RunStatus
from congan.synth import write_residents_csv

RESIDENTS = 400
MISMATCHED = 10


def _registry(path):
    write_residents_csv(path, RESIDENTS, seed=21)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # Ten records say the other sex than their CCCD: blocking findings an officer must fix.
    for row in [r for r in rows if r["id_number"]][:MISMATCHED]:
        row["sex"] = "Nữ" if row["sex"] == "Nam" else "Nam"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_distinct_residents_get_a_rate_of_all_but_the_blocked(db, tmp_path):
    path = tmp_path / "residents.csv"
    _registry(path)
    call_command("import", "residents", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("cleanse-registry", stdout=out)
    run = CleansingRun.objects.get()
    assert run.status == RunStatus.FINISHED
    assert (run.records, run.persons, run.review_pairs) == (RESIDENTS, RESIDENTS, 0)
    assert run.settled == RESIDENTS - MISMATCHED
    assert run.cleansing_rate == (RESIDENTS - MISMATCHED) / RESIDENTS
    assert "from the prior" in run.settings["model"]
    assert run.settings["model"] in out.getvalue()  # the run says so in one line

