"""Work across residents: the ID-card collection rate; adding and correcting a resident, their
places of residence, identity documents and household.

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
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from congan import units as unitdata
from congan import vntext
from congan.org import audit, jurisdiction
from congan.org.models import AdminUnit, UnitSuccession
from congan.org.versioning import StaleRecord
from congan.rates import rate
from congan.registry import kept
from congan.registry.kept import ELIGIBLE_AGE  # noqa: F401 (the age rule, imported from here too)
from congan.registry.models import (
    COLLECTING_STEPS,
    HEAD,
    CardStep,
    Household,
    IdCardApplication,
    IdCardStep,
    IdentityDocument,
    Person,
    PersonChange,
    Place,
)

_years_before = kept.years_before


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


def id_card_collection(*, unit_ids: Iterable[int], start: date | None = None, end: date) -> dict:
    """The "id_cards" block of the report JSON: {"eligible", "applications", "collection_rate"},
    from the kept counts (registry/kept.py), equal to `live_id_card_collection`.

    `start` is accepted for the report's call signature; the figure is cumulative to `end`.
    """
    figures = kept.figures(unit_ids=unit_ids, end=end)
    return {"eligible": figures["eligible"], "applications": figures["collected"],
            "collection_rate": rate(figures["collected"], figures["eligible"])}


def live_id_card_collection(*, unit_ids: Iterable[int], start: date | None = None, end: date) -> dict:
    """`id_card_collection` counted from the residents and steps themselves: the definition the
    kept counts are checked against (and the drill-down's lists follow)."""
    eligible = eligible_people(unit_ids=unit_ids, end=end)
    applications = (eligible.filter(Exists(_counting_applications(end).filter(person=OuterRef("pk"))))
                    .count())
    n_eligible = eligible.count()
    return {"eligible": n_eligible, "applications": applications,
            "collection_rate": rate(applications, n_eligible)}


#: Steps after which an application waits for another (a rejection waits for the person to re-apply).
OPEN_STEPS = (CardStep.COLLECTED, CardStep.RECOLLECTED, CardStep.SENT, CardStep.PRODUCED)
#: Days an open application may wait for its next step before it is overdue (CONGAN_ID_CARD_STEP_DAYS).
DEFAULT_STEP_DAYS = 15


def step_days() -> int:
    return int(getattr(settings, "CONGAN_ID_CARD_STEP_DAYS", DEFAULT_STEP_DAYS))


def overdue_applications(*, unit_ids: Iterable[int], today: date) -> QuerySet:
    """Applications of these collecting units waiting for their next step (collected, sent or
    produced, not handed over) whose latest step is dated more than `step_days()` before `today`
    (no step on or after the cut-off); `last_on` is that step's date. Oldest first."""
    cutoff = today - timedelta(days=step_days())
    return (IdCardApplication.objects.filter(unit_id__in=list(unit_ids), status__in=OPEN_STEPS,
                                             last_step_on__lt=cutoff)
            .annotate(last_on=F("last_step_on")).order_by("last_on", "id"))


def ward_progress(*, unit_ids: Iterable[int], end: date) -> list[dict]:
    """Per ward of permanent residence: eligible, collected, produced, handed over, rate; from
    the kept counts, equal to `live_ward_progress`."""
    by_unit = kept.figures_by_unit(unit_ids=unit_ids, end=end)
    units = AdminUnit.objects.in_bulk(list(by_unit))
    rows = [{"unit": units[unit_id], **counts, "collection_rate": rate(counts["collected"], counts["eligible"])}
            for unit_id, counts in by_unit.items()]
    rows.sort(key=lambda r: (r["unit"].era, r["unit"].code))
    return rows


def live_ward_progress(*, unit_ids: Iterable[int], end: date) -> list[dict]:
    """`ward_progress` counted from the residents and steps themselves (the reference)."""
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
                     "collection_rate": rate(c, n)})
    rows.sort(key=lambda r: (r["unit"].era, r["unit"].code))
    return rows


PROGRESS_COUNTS = ("eligible", "collected", "produced", "handed_over")
#: The columns the dashboard sorts by ("name" is the unit's name).
PROGRESS_SORTS = ("name", *PROGRESS_COUNTS, "collection_rate")
BY_DISTRICT = "district"
BY_WARD_2025 = "ward2025"


def totals_of(rows: list[dict]) -> dict:
    total = {k: sum(r[k] for r in rows) for k in PROGRESS_COUNTS}
    total["collection_rate"] = rate(total["collected"], total["eligible"])
    return total


def _sort_key(column: str):
    if column == "name":
        return lambda r: vntext.fold(r["unit"].name)
    return lambda r: (r[column] is None, r[column] if r[column] is not None else 0)


def group_progress(rows: list[dict], *, by: str = BY_DISTRICT, sort: str = "name") -> list[dict]:
    """The ward rows of `ward_progress` in groups, each {"unit" (None for the group of 2025 wards),
    "name", "rows", the group's totals}, groups and rows sorted by `sort` (a PROGRESS_SORTS column,
    "-" first for descending):

    - BY_DISTRICT: each pre-2025 ward under its district; wards of the 2025 structure (records dated
      from 1 July 2025) in one group after them;
    - BY_WARD_2025: every ward as a 2025 ward, a pre-2025 ward counted in its default successor
      (the unit mapping), one group.
    """
    descending = sort.startswith("-")
    column = sort.lstrip("-") if sort.lstrip("-") in PROGRESS_SORTS else "name"
    key = _sort_key(column)
    if by == BY_WARD_2025:
        rows = _as_2025_wards(rows)
        groups = [{"unit": None, "name": "", "rows": rows}]
    else:
        districts: dict[int | None, list[dict]] = {}
        for row in rows:
            unit = row["unit"]
            districts.setdefault(unit.parent_id if unit.era == unitdata.LEGACY else None, []).append(row)
        parents = AdminUnit.objects.in_bulk([d for d in districts if d is not None])
        groups = [{"unit": parents.get(d), "name": parents[d].name if d in parents else "", "rows": r}
                  for d, r in districts.items()]
    for group in groups:
        group.update(totals_of(group["rows"]))
        group["rows"] = sorted(group["rows"], key=key, reverse=descending)
    legacy = [g for g in groups if g["unit"] is not None]
    legacy.sort(key=key, reverse=descending)
    return legacy + [g for g in groups if g["unit"] is None and g["rows"]]


def _as_2025_wards(rows: list[dict]) -> list[dict]:
    """Rows of either era summed into 2025 wards (a pre-2025 ward into its default successor; one
    with none kept as it is)."""
    legacy = [r["unit"].id for r in rows if r["unit"].era == unitdata.LEGACY]
    successor = dict(UnitSuccession.objects.filter(old_id__in=legacy, is_default=True)
                     .values_list("old_id", "new_id"))
    units = AdminUnit.objects.in_bulk(set(successor.values()))
    merged: dict[int, dict] = {}
    for row in rows:
        unit = units.get(successor.get(row["unit"].id), row["unit"])
        target = merged.setdefault(unit.id, {"unit": unit, **dict.fromkeys(PROGRESS_COUNTS, 0)})
        for k in PROGRESS_COUNTS:
            target[k] += row[k]
    for row in merged.values():
        row["collection_rate"] = rate(row["collected"], row["eligible"])
    return list(merged.values())


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
        person=person, actor=actor, reason=reason, version=person.version,
        changes={f: [None, _value(person, f)] for f in Person.EDITABLE if getattr(person, f) not in ("", None)},
    )
    audit.record(action=audit.Action.CREATE, actor=actor, request=request, obj=person, detail={"reason": reason})
    return person


@transaction.atomic
def correct_resident(*, person: Person, new_values: dict, actor, reason: str, request=None,
                     version: int | None = None) -> PersonChange | None:
    """Apply a correction; the old and new value of every changed field are kept with who and why.

    `version` is the version the clerk saw: if the record has changed since, `StaleRecord` and
    nothing is written (the save itself claims the version, so two racing saves cannot both win)."""
    before = Person.objects.select_related("unit").get(pk=person.pk)
    if version is not None:
        if version != before.version:
            raise StaleRecord(before)
        person.version = version
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
    change = _log(person, actor=actor, reason=reason, changes=changes)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=person,
                 detail={"reason": reason, "fields": sorted(changes), "version": person.version})
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


# --- places, identity documents and households ------------------------------------------------
# Each change is one PersonChange per person concerned ({what: [old, new]}, who, why) and one
# audit entry. The keys name what changed; the values are short readable texts.

def _unit_text(unit: AdminUnit | None) -> str | None:
    return f"{unit.name} ({unit.code}, {unit.era})" if unit else None


def _place_text(place: Place) -> str:
    span = place.since.isoformat() if place.since else "?"
    if place.until:
        span += f" – {place.until.isoformat()}"
    return f"{place.address}; {_unit_text(place.unit)}; {span}"


def _document_text(doc: IdentityDocument) -> str:
    issued = doc.issued_on.isoformat() if doc.issued_on else "?"
    valid = "" if doc.valid else "; invalid"
    return f"{doc.kind.upper()} {doc.number}; {issued}; {doc.issuing_unit or doc.issued_by}{valid}"


def _log(person: Person, *, actor, reason: str, changes: dict) -> PersonChange:
    return PersonChange.objects.create(person=person, actor=actor, reason=reason, changes=changes,
                                       version=person.version)



@transaction.atomic
def add_place(*, person: Person, kind: str, address: str, unit: AdminUnit, since: date,
              until: date | None = None, actor, reason: str, request=None) -> Place:
    """A temporary or current residence; `unit` is the ward valid on `since`."""
    place = Place.objects.create(person=person, kind=kind, address=vntext.nfc(address), unit=unit,
                                 since=since, until=until)
    _log(person, actor=actor, reason=reason, changes={f"{kind}_residence": [None, _place_text(place)]})
    audit.record(action=audit.Action.CREATE, actor=actor, request=request, obj=place,
                 detail={"person": person.pk, "reason": reason})
    return place


@transaction.atomic
def end_place(*, place: Place, until: date, actor, reason: str, request=None) -> Place:
    if place.since and until < place.since:
        raise ValidationError(_("A residence cannot end before it began."))
    old = _place_text(place)
    place.until = until
    place.save(update_fields=["until"])
    _log(place.person, actor=actor, reason=reason,
         changes={f"{place.kind}_residence": [old, _place_text(place)]})
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=place,
                 detail={"person": place.person_id, "until": until.isoformat(), "reason": reason})
    return place


def _set_id_number(person: Person, number: str, changes: dict) -> None:
    if person.id_number != number:
        changes["id_number"] = [person.id_number or None, number or None]
        person.id_number = number
        person.save()  # recomputes the ID-number finding


@transaction.atomic
def add_document(*, person: Person, number: str, kind: str, issued_on: date, issuing_unit=None,
                 issued_by: str = "", current: bool, actor, reason: str, request=None) -> IdentityDocument:
    """Add a CCCD/CMND; `current` makes it the person's ID number and the others invalid."""
    doc = IdentityDocument.objects.create(person=person, kind=kind, number=number, issued_on=issued_on,
                                          issuing_unit=issuing_unit, issued_by=vntext.nfc(issued_by))
    changes = {"identity_document": [None, _document_text(doc)]}
    if current:
        for old in person.documents.filter(valid=True).exclude(pk=doc.pk):
            before = _document_text(old)
            old.valid = False
            old.save(update_fields=["valid"])
            changes[f"identity_document {old.number}"] = [before, _document_text(old)]
        _set_id_number(person, number, changes)
    _log(person, actor=actor, reason=reason, changes=changes)
    audit.record(action=audit.Action.CREATE, actor=actor, request=request, obj=doc,
                 detail={"person": person.pk, "current": current, "reason": reason})
    return doc


@transaction.atomic
def invalidate_document(*, document: IdentityDocument, actor, reason: str, request=None) -> IdentityDocument:
    """Mark a document no longer valid; if it was the current number, the newest valid one takes over."""
    person = document.person
    before = _document_text(document)
    document.valid = False
    document.save(update_fields=["valid"])
    changes = {f"identity_document {document.number}": [before, _document_text(document)]}
    if person.id_number == document.number:
        successor = person.documents.filter(valid=True).order_by("-issued_on", "-id").first()
        _set_id_number(person, successor.number if successor else "", changes)
    _log(person, actor=actor, reason=reason, changes=changes)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=document,
                 detail={"person": person.pk, "valid": False, "reason": reason})
    return document


def _household_text(household: Household | None) -> str | None:
    return household.code if household else None


@transaction.atomic
def change_household_address(*, household: Household, address: str, unit: AdminUnit, actor, reason: str,
                             request=None) -> dict:
    """The household book's address (and ward); the change goes into every member's history."""
    changes = {}
    address = vntext.nfc(address)
    if household.address != address:
        changes["household_address"] = [household.address or None, address]
    if household.unit_id != unit.pk:
        changes["household_unit"] = [_unit_text(household.unit), _unit_text(unit)]
    if not changes:
        return {}
    household.address, household.unit = address, unit
    household.save(update_fields=["address", "unit"])
    members = list(household.members.all())
    for member in members:
        _log(member, actor=actor, reason=reason, changes=changes)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=household,
                 detail={"fields": sorted(changes), "members": [m.pk for m in members], "reason": reason})
    return changes


def _move(person: Person, household: Household | None, relation: str, *, actor, reason: str) -> None:
    changes = {}
    if person.household_id != (household.pk if household else None):
        changes["household"] = [_household_text(person.household), _household_text(household)]
    if person.relation_to_head != relation:
        changes["relation_to_head"] = [person.relation_to_head or None, relation or None]
    if changes:
        person.household, person.relation_to_head = household, relation
        person.save()
        _log(person, actor=actor, reason=reason, changes=changes)


@transaction.atomic
def add_member(*, household: Household, person: Person, relation: str, actor, reason: str,
               request=None) -> None:
    """Move a resident into a household (out of the one they were in), with their relation to the head."""
    if relation == HEAD and household.head is not None:
        raise ValidationError(_("The household already has a head: change the head instead."))
    previous = person.household_id
    moved = move_permanent_residence(person, household, actor=actor, reason=reason, request=request)
    _move(person, household, vntext.nfc(relation), actor=actor, reason=reason)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=household,
                 detail={"member_in": person.pk, "from_household": previous, "relation": relation,
                         "residence_moved": moved, "reason": reason})


def move_permanent_residence(person: Person, household: Household, *, actor, reason: str,
                             request=None) -> bool:
    """A household belongs to one ward: a resident of another ward who joins it changes their
    permanent residence to the household's ward and address. The receiving ward records it in the
    person's history and the audit trail (never a silent membership edit). False when the
    resident already lives in the household's ward (or the old/2025 ward holding the same place)."""
    if jurisdiction.same_area(person.unit_id, household.unit_id):
        return False
    changes = {"unit": [_unit_text(person.unit), _unit_text(household.unit)]}
    if household.address and household.address != person.address:
        changes["address"] = [person.address or None, household.address]
        person.address = household.address
    before = person.unit_id
    person.unit = household.unit
    person.save()
    _log(person, actor=actor, reason=reason, changes=changes)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=person,
                 detail={"permanent_residence": [before, household.unit_id], "household": household.pk,
                         "reason": reason})
    return True


@transaction.atomic
def remove_member(*, household: Household, person: Person, actor, reason: str, request=None) -> None:
    if person.household_id != household.pk:
        raise ValidationError(_("This resident is not a member of the household."))
    if person.is_head and household.members.exclude(pk=person.pk).exists():
        raise ValidationError(_("The head cannot move out while others remain: change the head first."))
    _move(person, None, "", actor=actor, reason=reason)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=household,
                 detail={"member_out": person.pk, "reason": reason})


@transaction.atomic
def change_head(*, household: Household, new_head: Person, old_head_relation: str, actor, reason: str,
                request=None) -> None:
    """A member becomes the head; the former head stays a member with the relation given."""
    if new_head.household_id != household.pk:
        raise ValidationError(_("The new head must be a member of the household."))
    old_head = household.head
    if old_head is not None and old_head.pk == new_head.pk:
        raise ValidationError(_("This member is already the head."))
    if old_head is not None:
        _move(old_head, household, vntext.nfc(old_head_relation), actor=actor, reason=reason)
    _move(new_head, household, HEAD, actor=actor, reason=reason)
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=household,
                 detail={"head": [old_head.pk if old_head else None, new_head.pk], "reason": reason})


def _new_household(code: str, unit: AdminUnit, address: str) -> Household:
    code = vntext.nfc(code.strip())
    try:
        with transaction.atomic():  # two clerks taking one number at once: the second is told, not a 500
            return Household.objects.create(code=code, unit=unit, address=vntext.nfc(address.strip()))
    except IntegrityError:
        raise ValidationError(_("A household with number %(code)s already exists.") % {"code": code}) from None


@transaction.atomic
def create_household(*, code: str, address: str, unit: AdminUnit, head: Person, actor, reason: str,
                     request=None) -> Household:
    """A new household book with its head, who leaves the household they were in (as a move in
    does; a head of others must hand over first). A head from another ward changes permanent
    residence to the new household's ward."""
    old = head.household
    if head.is_head and old is not None and old.members.exclude(pk=head.pk).exists():
        raise ValidationError(_("%(name)s heads household %(code)s with other members: change its head first.")
                              % {"name": head.full_name, "code": old.code})
    household = _new_household(code, unit, address)
    moved = move_permanent_residence(head, household, actor=actor, reason=reason, request=request)
    _move(head, household, HEAD, actor=actor, reason=reason)
    audit.record(action=audit.Action.CREATE, actor=actor, request=request, obj=household,
                 detail={"head": head.pk, "from_household": old.pk if old else None, "residence_moved": moved,
                         "reason": reason})
    return household


@transaction.atomic
def split_household(*, household: Household, founder: Person, others: dict[Person, str], code: str,
                    address: str, actor, reason: str, request=None) -> Household:
    """A member founds a new household in the same ward, taking some members with them, each
    with their relation to the new head; in every mover's history and the audit trail."""
    movers = [founder, *others]
    if any(p.household_id != household.pk for p in movers):
        raise ValidationError(_("Only members of the household can split off from it."))
    if any(p.is_head for p in movers):
        raise ValidationError(_("The head stays with the household: change the head first."))
    new = _new_household(code, household.unit, address or household.address)
    _move(founder, new, HEAD, actor=actor, reason=reason)
    for person, relation in others.items():
        _move(person, new, vntext.nfc(relation.strip()), actor=actor, reason=reason)
    ids = [p.pk for p in movers]
    audit.record(action=audit.Action.CREATE, actor=actor, request=request, obj=new,
                 detail={"split_from": household.pk, "head": founder.pk, "members": ids, "reason": reason})
    audit.record(action=audit.Action.UPDATE, actor=actor, request=request, obj=household,
                 detail={"split_off": new.pk, "members_out": ids, "reason": reason})
    return new
