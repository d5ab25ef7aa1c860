"""Kept counts of the ID-card collection rate: the live definition (registry/services.py,
`live_ward_progress`) evaluated once per resident when they change, instead of over every
resident and every application's steps at each reading.

For one resident the figures are functions of the day: eligible from the day they turn 14
(`eligible_from`, the age rule of the live count); counted as collected on the days they are
eligible and some application of theirs has a collecting step and its latest step by then is not a
rejection; produced / handed over from the first such step (while eligible). So a resident adds
+1 or -1 to a figure on the few days it changes; `KeptCardCount` holds those changes summed per
ward of residence and day (and per month and year, so a reading sums a few hundred rows), and
`KeptCardPerson` what each resident added, to take it back when they change.

`refresh(person_ids)` is the one place that maintains them: the signals below call it when a
resident or an ID-card step is saved or deleted; bulk writers (imports, the demo) suspend the
signals and refresh or rebuild what they wrote, inside their transaction. `rebuild()` starts
over; `congan kept-counts --check` compares kept and live figures.
"""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from congan.registry.bulk import insert_rows
from congan.registry.models import (
    COLLECTING_STEPS,
    CardStep,
    IdCardApplication,
    IdCardStep,
    KeptCardCount,
    KeptCardPerson,
    Person,
)

ELIGIBLE_AGE = 14
COUNTS = ("eligible", "collected", "produced", "handed_over")
BATCH = 5000


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # the end is 29 February; a leap-day birthday falls on 1 March in common years
        return day.replace(year=day.year - years, day=28)


def eligible_from(born: date) -> date:
    """The first day on which someone whose latest possible birth date is `born` counts as 14
    (the live rule: born on or before the day 14 years earlier)."""
    try:
        day = born.replace(year=born.year + ELIGIBLE_AGE)
    except ValueError:  # born 29 February
        day = date(born.year + ELIGIBLE_AGE, 3, 1)
    while years_before(day - timedelta(days=1), ELIGIBLE_AGE) >= born:
        day -= timedelta(days=1)
    while years_before(day, ELIGIBLE_AGE) < born:
        day += timedelta(days=1)
    return day


def _standing(steps: list[tuple[date, str]], day: date) -> tuple[bool, bool, bool]:
    """(counting as collected, produced, handed over) of one application on `day`; `steps` in
    workflow order (date, then id)."""
    past = [kind for on, kind in steps if on <= day]
    if not past:
        return False, False, False
    counting = any(k in COLLECTING_STEPS for k in past) and past[-1] != CardStep.REJECTED
    return counting, CardStep.PRODUCED in past, CardStep.HANDED_OVER in past


def contribution(born: date | None, applications: Iterable[list[tuple[date, str]]]) -> list[list]:
    """A resident's changes to the kept figures: [[iso day, eligible, collected, produced,
    handed_over], …] in day order."""
    if born is None:
        return []
    start = eligible_from(born)
    apps = list(applications)
    changes: dict[date, list[int]] = {start: [1, 0, 0, 0]}
    state = (False, False, False)
    for day in sorted({start, *(on for steps in apps for on, _ in steps if on >= start)}):
        standing = [_standing(steps, day) for steps in apps]
        now = tuple(any(s[i] for s in standing) for i in range(3))
        for i in range(3):
            if now[i] != state[i]:
                changes.setdefault(day, [0, 0, 0, 0])[i + 1] += 1 if now[i] else -1
        state = now
    return [[d.isoformat(), *v] for d, v in sorted(changes.items()) if any(v)]


def _contributions(people: list[tuple[int, int, date | None]], steps: Iterable[tuple]) -> dict[int, tuple]:
    """{person id: (unit id, changes)} for (id, unit id, birth_latest) rows and their steps
    (person id, application id, on, kind) ordered by application, date, id."""
    apps: dict[int, dict[int, list]] = defaultdict(dict)
    for person_id, app_id, on, kind in steps:
        apps[person_id].setdefault(app_id, []).append((on, kind))
    out = {}
    for pk, unit_id, born in people:
        events = contribution(born, apps.get(pk, {}).values())
        if events:
            out[pk] = (unit_id, events)
    return out


def _steps_of(**filters):
    return (IdCardStep.objects.filter(**filters)
            .order_by("application_id", "on", "id")
            .values_list("application__person_id", "application_id", "on", "kind"))


def _grains(day: date) -> tuple[tuple[int, date], ...]:
    return ((KeptCardCount.DAY, day), (KeptCardCount.MONTH, day.replace(day=1)),
            (KeptCardCount.YEAR, day.replace(month=1, day=1)))


def _add(totals: dict, unit_id: int, events: list[list], sign: int) -> None:
    for iso, *values in events:
        for grain, day in _grains(date.fromisoformat(iso)):
            row = totals.setdefault((grain, unit_id, day), [0, 0, 0, 0])
            for i, v in enumerate(values):
                row[i] += sign * v


def _apply(totals: dict) -> None:
    rows = [(grain, unit_id, day, *v) for (grain, unit_id, day), v in totals.items() if any(v)]
    if not rows:
        return
    table = KeptCardCount._meta.db_table
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTS)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (grain, unit_id, day, {', '.join(COUNTS)}) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (grain, unit_id, day) DO UPDATE SET {sets}", rows)


def refresh(person_ids: Iterable[int]) -> int:
    """Bring the kept counts up to date for these residents (saved, changed or deleted); returns
    how many residents' contributions changed."""
    ids = sorted(set(person_ids))
    changed = 0
    with transaction.atomic():
        for i in range(0, len(ids), BATCH):
            changed += _refresh(ids[i:i + BATCH])
    return changed


def _refresh(chunk: list[int]) -> int:
    # The residents' rows stay locked to the end of the transaction: two writers refreshing the
    # same resident at once would otherwise both take back the same old contribution.
    people = list(Person.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
                  .values_list("id", "unit_id", "birth_latest"))
    new = _contributions(people, _steps_of(application__person_id__in=chunk))
    old = {pk: (unit_id, events) for pk, unit_id, events in
           KeptCardPerson.objects.filter(person_id__in=chunk).values_list("person_id", "unit_id", "events")}
    moved = [pk for pk in chunk if old.get(pk) != new.get(pk)]
    if not moved:
        return 0
    totals: dict = {}
    for pk in moved:
        if pk in old:
            _add(totals, old[pk][0], old[pk][1], -1)
        if pk in new:
            _add(totals, new[pk][0], new[pk][1], +1)
    _apply(totals)
    KeptCardPerson.objects.filter(person_id__in=moved).delete()
    KeptCardPerson.objects.bulk_create(
        [KeptCardPerson(person_id=pk, unit_id=new[pk][0], events=new[pk][1]) for pk in moved if pk in new])
    return len(moved)


def add_new(person_ids: Iterable[int]) -> int:
    """Add residents just created (no application, no kept contribution yet: a residents
    import) to the kept counts: each adds +1 eligible on the day they turn 14. No step is read
    and no row locked — the set-based path of `refresh` for a file of new residents; returns
    the residents counted."""
    ids = sorted(set(person_ids))
    counted = 0
    for i in range(0, len(ids), BATCH * 4):
        people = (Person._base_manager.filter(pk__in=ids[i:i + BATCH * 4]).exclude(birth_latest=None)
                  .order_by().values_list("id", "unit_id", "birth_latest"))
        totals: dict = {}
        kept = []
        for pk, unit_id, born in people:
            events = [[eligible_from(born).isoformat(), 1, 0, 0, 0]]
            _add(totals, unit_id, events, +1)
            kept.append((pk, unit_id, _json(events)))
        _apply(totals)
        insert_rows(KeptCardPerson, ["person_id", "unit_id", "events"], kept)
        counted += len(kept)
    return counted


def rebuild() -> int:
    """Start the kept counts over from the registers, one ward of residence at a time (memory
    stays that of a ward); returns the residents counted. Call inside a transaction."""
    with connection.cursor() as cursor:
        for model in (KeptCardCount, KeptCardPerson):
            table = connection.ops.quote_name(model._meta.db_table)
            # DELETE, not TRUNCATE: PostgreSQL refuses TRUNCATE after rows with deferred foreign
            # keys were written in the same transaction (an import rebuilds inside its own)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    counted = 0
    for unit_id in Person.objects.order_by().values_list("unit_id", flat=True).distinct():
        people = list(Person.objects.filter(unit_id=unit_id).exclude(birth_latest=None)
                      .values_list("id", "unit_id", "birth_latest"))
        found = _contributions(people, _steps_of(application__person__unit_id=unit_id))
        totals: dict = {}
        for _unit, events in found.values():
            _add(totals, unit_id, events, +1)
        insert_rows(KeptCardCount, ["grain", "unit_id", "day", *COUNTS],
                    [(g, u, d.isoformat(), *v) for (g, u, d), v in totals.items() if any(v)])
        insert_rows(KeptCardPerson, ["person_id", "unit_id", "events"],
                    [(pk, u, _json(events)) for pk, (u, events) in found.items()])
        counted += len(found)
    return counted


def _json(value) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


def _upto(end: date) -> Q:
    year, month = end.replace(month=1, day=1), end.replace(day=1)
    return (Q(grain=KeptCardCount.YEAR, day__lt=year)
            | Q(grain=KeptCardCount.MONTH, day__gte=year, day__lt=month)
            | Q(grain=KeptCardCount.DAY, day__gte=month, day__lte=end))


def figures_by_unit(*, unit_ids: Iterable[int], end: date) -> dict[int, dict]:
    """{unit id: {eligible, collected, produced, handed_over}} on `end`, for units with anyone eligible."""
    rows = (KeptCardCount.objects.filter(_upto(end), unit_id__in=list(unit_ids)).values("unit_id")
            .annotate(**{c: Sum(c) for c in COUNTS}).order_by())
    return {r["unit_id"]: {c: r[c] for c in COUNTS} for r in rows if r["eligible"]}


def figures(*, unit_ids: Iterable[int], end: date) -> dict:
    """{eligible, collected, produced, handed_over} of these units together on `end`."""
    sums = KeptCardCount.objects.filter(_upto(end), unit_id__in=list(unit_ids)).aggregate(
        **{c: Sum(c) for c in COUNTS})
    return {c: sums[c] or 0 for c in COUNTS}


# --- keeping them on write -----------------------------------------------------------------------

_suspended = threading.local()


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Signals do not refresh inside: for bulk writers that refresh (or rebuild) what they wrote."""
    depth = getattr(_suspended, "depth", 0)
    _suspended.depth = depth + 1
    try:
        yield
    finally:
        _suspended.depth = depth


def _on_write(person_id: int | None) -> None:
    if person_id is not None and not getattr(_suspended, "depth", 0):
        refresh([person_id])


@receiver([post_save, post_delete], sender=Person, dispatch_uid="kept_person")
def _person_written(sender, instance, raw=False, **kwargs):
    if not raw:
        _on_write(instance.pk)


@receiver([post_save, post_delete], sender=IdCardStep, dispatch_uid="kept_step")
def _step_written(sender, instance, raw=False, **kwargs):
    if not raw:
        _on_write(IdCardApplication.objects.filter(pk=instance.application_id)
                  .values_list("person_id", flat=True).first())


@receiver(post_delete, sender=IdCardApplication, dispatch_uid="kept_application")
def _application_deleted(sender, instance, **kwargs):
    _on_write(instance.person_id)
