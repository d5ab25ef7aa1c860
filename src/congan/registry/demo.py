"""`congan demo`: synthetic residents of the merged city, imported like a real file, with ID cards."""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from congan.importing import run_import
from congan.org import jurisdiction
from congan.org.demodata import old_provinces
from congan.registry import kept
from congan.registry.importers import ResidentImporter
from congan.registry.models import CardStep, IdCardApplication, IdCardStep, Person
from congan.registry.services import ELIGIBLE_AGE, _years_before
from congan.synth import write_residents_csv

#: Can Tho reported 98.9% of applications collected in the first half of 2021.
COLLECTED_SHARE = 0.989
REJECTED_SHARE = 0.01
ROLLOUT = date(2021, 3, 1)
BATCH = 5000


def load(*, residents: int, seed: int, stdout) -> None:
    if Person.objects.filter(source="synth").exists():
        stdout.write("registry: synthetic residents already loaded")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "residents.csv"
        write_residents_csv(path, residents, seed=seed, province_codes=[p.code for p in old_provinces()])
        result = run_import(ResidentImporter(), path)
    if not result.ok:
        raise RuntimeError(f"demo residents rejected: {result.rejects[:5]}")
    cards = add_id_cards(seed=seed, today=date.today())
    stdout.write(f"registry: {result.stored} residents, {cards} ID-card applications")


@transaction.atomic
def add_id_cards(*, seed: int, today: date) -> int:
    """Applications for almost every resident aged 14 or over, in every stage of the workflow."""
    rng = random.Random(seed)
    city = jurisdiction.city_unit()
    cutoff = _years_before(today, ELIGIBLE_AGE)
    people = Person.objects.filter(source="synth", birth_latest__lte=cutoff).values_list("id", "unit_id", "birth_latest")
    made = 0
    apps: list[IdCardApplication] = []
    plans: list[list[tuple[str, date, int]]] = []

    def flush():
        nonlocal made
        for app, plan in zip(apps, plans, strict=True):
            app.last_step_on = plan[-1][1]
        created = IdCardApplication.objects.bulk_create(apps)
        steps = [IdCardStep(application_id=a.pk, kind=k, on=d, unit_id=u)
                 for a, plan in zip(created, plans, strict=True) for k, d, u in plan]
        IdCardStep.objects.bulk_create(steps, batch_size=BATCH)
        made += len(created)
        apps.clear()
        plans.clear()

    for person_id, unit_id, born in people.iterator(chunk_size=BATCH):
        if rng.random() > COLLECTED_SHARE:
            continue
        earliest = max(ROLLOUT, born.replace(year=born.year + ELIGIBLE_AGE) if born.month != 2 or born.day != 29
                       else date(born.year + ELIGIBLE_AGE, 3, 1))
        # The 2021 campaign collected most applications by mid-June; later, soon after turning 14.
        window = 100 if earliest == ROLLOUT else 90
        on = earliest + timedelta(days=int(rng.random() * min(max((today - earliest).days, 0), window)))
        plan = [(CardStep.COLLECTED, on, unit_id)]
        if rng.random() < REJECTED_SHARE:
            on += timedelta(days=rng.randint(2, 20))
            plan.append((CardStep.REJECTED, on, city.id))
            on += timedelta(days=rng.randint(3, 30))
            plan.append((CardStep.RECOLLECTED, on, unit_id))
        for kind, unit, gap in ((CardStep.SENT, city.id, (1, 10)), (CardStep.PRODUCED, city.id, (10, 40)),
                                (CardStep.HANDED_OVER, unit_id, (3, 25))):
            on += timedelta(days=rng.randint(*gap))
            if on > today:
                break
            plan.append((kind, on, unit))
        plan = [s for s in plan if s[1] <= today]
        apps.append(IdCardApplication(person_id=person_id, unit_id=unit_id, status=plan[-1][0],
                                      collected_on=plan[0][1]))
        plans.append(plan)
        if len(apps) >= BATCH:
            flush()
    if apps:
        flush()
    kept.rebuild()
    return made
