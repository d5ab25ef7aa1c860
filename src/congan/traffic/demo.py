"""Synthetic traffic accidents for the demo (about 700 a year over the merged city at the default
scale, a little over half of them fatal, as in Vietnamese accident statistics); one in five has
its vehicles and casualties recorded one by one, the rest only the counts, as an import gives."""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.db import transaction

from congan.org.demodata import DemoCalendar, city_wards
from congan.traffic.models import (
    Accident,
    Casualty,
    Cause,
    InjuryDegree,
    Outcome,
    Vehicle,
    VehicleType,
    severity_from_casualties,
)

ROADS = ["QL1A", "QL91", "QL91B", "QL61", "QL61C", "QL80", "QL60", "Nam Sông Hậu", "Đường 3/2", "Đường 30/4",
         "Nguyễn Văn Cừ", "Trần Hưng Đạo", "Võ Văn Kiệt", "Mậu Thân", "Cách Mạng Tháng 8", "ĐT923", "ĐT932"]
CAUSES = [(Cause.WRONG_LANE, 25), (Cause.SPEEDING, 20), (Cause.ALCOHOL, 18), (Cause.TURNING, 14),
          (Cause.INATTENTION, 10), (Cause.DISTANCE, 6), (Cause.PEDESTRIAN, 3), (Cause.ROAD, 2), (Cause.UNKNOWN, 2)]
VEHICLES = [(VehicleType.MOTORCYCLE, 70), (VehicleType.CAR, 10), (VehicleType.TRUCK, 10), (VehicleType.BUS, 3),
            (VehicleType.BICYCLE, 5), (VehicleType.OTHER, 2)]


@transaction.atomic
def load(*, residents: int, seed: int, stdout) -> None:
    if Accident.objects.exists():
        stdout.write("traffic: already loaded")
        return
    rng = random.Random(f"traffic-{seed}")
    cal = DemoCalendar(rng, city_wards())
    causes, cause_w = zip(*CAUSES, strict=True)
    accidents = []
    for i in range(cal.count(700, residents)):
        on = cal.day()
        deaths = 0 if rng.random() < 0.45 else (1 if rng.random() < 0.9 else rng.randint(2, 4))
        injuries = rng.choices([0, 1, 2, 3, 5], [30, 40, 18, 9, 3])[0]
        if deaths == 0 and injuries == 0:
            injuries = 1
        accident = Accident(
            accident_number=f"TNGT-{on.year}-{i + 1:05d}", unit_id=cal.ward(on), occurred_on=on,
            occurred_at=time(rng.choices(range(24), [1] * 5 + [3] * 4 + [2] * 7 + [4] * 4 + [3] * 4)[0],
                             rng.randrange(0, 60, 5)),
            road=rng.choice(ROADS), cause=rng.choices(causes, cause_w)[0], deaths=deaths, injuries=injuries,
        )
        accident.fill_derived()
        accidents.append(accident)
    Accident.objects.bulk_create(accidents, batch_size=2000)
    detailed = [a for a in accidents if rng.random() < 0.2]
    vehicles, casualties = [], []
    vtypes, vweights = zip(*VEHICLES, strict=True)
    for a in detailed:
        own = [Vehicle(accident=a, type=rng.choices(vtypes, vweights)[0]) for _ in range(rng.choice([1, 2, 2, 2, 3]))]
        vehicles += own
        for k in range(a.deaths):
            died_on = a.occurred_on + timedelta(days=rng.choice([0, 0, 0, 1, 3, 12]))
            casualties.append(Casualty(accident=a, vehicle=own[k % len(own)], outcome=Outcome.KILLED, died_on=died_on))
        for k in range(a.injuries):
            casualties.append(Casualty(accident=a, vehicle=own[k % len(own)], outcome=Outcome.INJURED,
                                       injury=InjuryDegree.SERIOUS if rng.random() < 0.6 else InjuryDegree.SLIGHT))
    Vehicle.objects.bulk_create(vehicles, batch_size=2000)
    Casualty.objects.bulk_create(casualties, batch_size=2000)
    by_accident: dict[int, list[Casualty]] = {}
    for c in casualties:
        by_accident.setdefault(c.accident.pk, []).append(c)
    for a in detailed:  # casualties decide the severity once recorded one by one
        if a.pk in by_accident:
            a.severity = severity_from_casualties(by_accident[a.pk])
    Accident.objects.bulk_update(detailed, ["severity"], batch_size=2000)
    stdout.write(f"traffic: {len(accidents)} accidents ({len(detailed)} with vehicles and casualties)")
