"""Work across residents: the ID-card collection rate, adding and correcting a resident.

The collection rate (docs/registry.md, "ID-card collection rate"):
- eligible: residents whose ward of permanent residence is in `unit_ids` and who are 14 or
  over on the period end. With a partial date of birth the latest date it can be is used
  (1990 → 31/12/1990), so nobody who might still be 13 counts; no date at all → not counted.
- applications: eligible residents with an application collected (or re-collected) on or
  before the period end whose latest step by the period end is not a rejection; counted once
  per person, whenever it was collected (the rate is a coverage figure, so it is cumulative:
  the period start does not narrow it).
- collection_rate: applications ÷ eligible as a fraction rounded to 4 places; None when
  nobody is eligible.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from congan.org import audit
from congan.org.models import AdminUnit
from congan.registry.models import (
    COLLECTING_STEPS,
    CardStep,
    IdCardApplication,
    IdCardStep,
    Person,
    PersonChange,
)

ELIGIBLE_AGE = 14


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # the end is 29 February; a leap-day birthday falls on 1 March in common years
        return day.replace(year=day.year - years, day=28)


def eligible_people(*, unit_ids: Iterable[int], end: date) -> QuerySet:
    """Residents of these units aged 14 or over on `end`."""
    return Person.objects.filter(unit_id__in=list(unit_ids), birth_latest__lte=_years_before(end, ELIGIBLE_AGE))


def _counting_applications(end: date) -> QuerySet:
    """Applications collected by `end` and not standing rejected on `end`."""
    last_step = (IdCardStep.objects.filter(application=OuterRef("pk"), on__lte=end)
                 .order_by("-on", "-id").values("kind")[:1])
    collected = IdCardStep.objects.filter(application=OuterRef("pk"), on__lte=end, kind__in=COLLECTING_STEPS)
    return (IdCardApplication.objects.filter(Exists(collected))
            .annotate(last_kind=Subquery(last_step))
            .exclude(last_kind=CardStep.REJECTED))


def _reached(end: date, kind: str) -> QuerySet:
    """Applications that reached a step by `end`."""
    return IdCardApplication.objects.filter(Exists(
        IdCardStep.objects.filter(application=OuterRef("pk"), on__lte=end, kind=kind)))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def id_card_collection(*, unit_ids: Iterable[int], start: date | None = None, end: date) -> dict:
    """The "id_cards" block of the report JSON: {"eligible", "applications", "collection_rate"}.

    `start` is accepted for the report's call signature; the figure is cumulative to `end`.
    """
    eligible = eligible_people(unit_ids=unit_ids, end=end)
    applications = (eligible.filter(Exists(_counting_applications(end).filter(person=OuterRef("pk"))))
                    .count())
    n_eligible = eligible.count()
    return {"eligible": n_eligible, "applications": applications,
            "collection_rate": _rate(applications, n_eligible)}


def ward_progress(*, unit_ids: Iterable[int], end: date) -> list[dict]:
    """Per ward of permanent residence: eligible, collected, produced, handed over, rate."""
    eligible = eligible_people(unit_ids=unit_ids, end=end)

    def per_unit(qs: QuerySet) -> dict[int, int]:
        return dict(qs.values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))

    def with_app(apps: QuerySet) -> dict[int, int]:
        return per_unit(eligible.filter(Exists(apps.filter(person=OuterRef("pk")))))

    totals = per_unit(eligible)
    collected = with_app(_counting_applications(end))
    produced = with_app(_reached(end, CardStep.PRODUCED))
    handed = with_app(_reached(end, CardStep.HANDED_OVER))
    units = AdminUnit.objects.in_bulk(list(totals))
    rows = []
    for unit_id, n in totals.items():
        c = collected.get(unit_id, 0)
        rows.append({"unit": units[unit_id], "eligible": n, "collected": c,
                     "produced": produced.get(unit_id, 0), "handed_over": handed.get(unit_id, 0),
                     "collection_rate": _rate(c, n)})
    rows.sort(key=lambda r: (r["unit"].era, r["unit"].code))
    return rows


def totals_of(rows: list[dict]) -> dict:
    keys = ("eligible", "collected", "produced", "handed_over")
    total = {k: sum(r[k] for r in rows) for k in keys}
    total["collection_rate"] = _rate(total["collected"], total["eligible"])
    return total


# --- adding and correcting residents --------------------------------------------------------

def _value(obj, field: str):
    value = getattr(obj, field)
    if field == "unit":
        return f"{value.name} ({value.code}, {value.era})" if value else None
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def add_resident(*, person: Person, actor, reason: str, request=None) -> Person:
    person.save()
    PersonChange.objects.create(
        person=person, actor=actor, reason=reason,
        changes={f: [None, _value(person, f)] for f in Person.EDITABLE if getattr(person, f) not in ("", None)},
    )
    audit.record(action=audit.Action.CREATE, actor=actor, request=request, obj=person, detail={"reason": reason})
    return person


@transaction.atomic
def correct_resident(*, person: Person, new_values: dict, actor, reason: str, request=None) -> PersonChange | None:
    """Apply a correction; the old and new value of every changed field are kept with who and why."""
    before = Person.objects.select_related("unit").get(pk=person.pk)
    for field, value in new_values.items():
        setattr(person, field, value)
    person.fill_derived()
    changes = {}
    for field in Person.EDITABLE:
        old, new = _value(before, field), _value(person, field)
        if old != new:
            changes[field] = [old, new]
    if not changes:
        return None
    person.save()
    change = PersonChange.objects.create(person=person, actor=actor, reason=reason, changes=changes)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=person,
                 detail={"reason": reason, "fields": sorted(changes)})
    return change


@transaction.atomic
def record_card_step(*, person: Person, kind: str, on: date, unit, actor, note: str = "",
                     request=None) -> IdCardApplication:
    """Collect a new application or move the person's open one to its next step."""
    app = person.card_applications.order_by("-collected_on", "-id").first()
    if kind == CardStep.COLLECTED and (app is None or app.status == CardStep.HANDED_OVER):
        app = IdCardApplication.collect(person, on, unit=unit, actor=actor, note=note)
    else:
        if app is None:
            raise ValidationError(_("There is no application yet: the first step is collection."))
        app.add_step(kind, on, unit=unit, actor=actor, note=note)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=app,
                 detail={"person": person.pk, "step": kind, "on": on.isoformat()})
    return app


def id_findings(queryset: QuerySet) -> QuerySet:
    """Residents whose ID number disagrees with their sex or year of birth."""
    return queryset.exclude(Q(id_finding="") | Q(id_finding__isnull=True))
