"""Building a report: the KPIs of one unit (rolled up through either unit structure) for one period.

`build_report` returns the dict of the JSON contract (DESIGN.md "Contract: report JSON") with
added keys only: `built` (what the report was made from), `monthly`, `breakdown`, and per-section
extras (`by_group`, `previous`, `change`, `targets`). Renderers format it; nothing here formats.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from congan import units as unitdata
from congan.dataquality.services import cleansing_stats
from congan.org import jurisdiction, unitcodes
from congan.org.models import AdminUnit, UnitSuccession
from congan.rates import change, rate, rounded
from congan.registry.services import id_card_collection
from congan.reports import kpis, periods
from congan.reports.kpis import MEASURES, number
from congan.reports.models import target_for
from congan.reports.periods import Period

CUTS = unitdata.ERAS


# ---------------------------------------------------------------- units


def resolve_unit(code: str, period: Period) -> AdminUnit:
    """The city's unit with this code in the structure valid at the period's end (else the other
    one); `UnknownUnit` when the city has none."""
    return unitcodes.unit_for_period(code, period.end)


def report_unit_ids(unit: AdminUnit, user=None) -> frozenset[int]:
    """The units whose records a report on `unit` counts; for a user, only within their jurisdiction."""
    ids = jurisdiction.unit_ids(unit.id)
    if user is not None:
        ids = ids & jurisdiction.user_unit_ids(user)
    return ids


# ---------------------------------------------------------------- breakdown by either structure


def bucket_map(report_unit: AdminUnit, cut: str, unit_ids) -> dict[int, AdminUnit]:
    """Record unit id → the unit of the chosen structure its records are shown under.

    cut "legacy": old districts (for a city report) or old wards (below); cut "2025": 2025 wards.
    A unit whose counterpart in the other structure is not unique (an old ward split between
    2025 wards, a 2025 ward made of several old districts' wards) stays under its own name rather
    than being assigned to one candidate at random.
    """
    if cut not in CUTS:
        raise ValueError(f"cut must be one of {CUTS}")
    ids = set(unit_ids)
    successors: dict[int, set[int]] = defaultdict(set)
    predecessors: dict[int, set[int]] = defaultdict(set)
    for old_id, new_id in UnitSuccession.objects.filter(Q(old_id__in=ids) | Q(new_id__in=ids)).values_list(
            "old_id", "new_id"):
        successors[old_id].add(new_id)
        predecessors[new_id].add(old_id)
    wanted = ids | {i for s in successors.values() for i in s} | {i for s in predecessors.values() for i in s}
    units = {u.id: u for u in AdminUnit.objects.filter(id__in=wanted)}
    legacy_level = unitdata.DISTRICT if report_unit.level == unitdata.PROVINCE else unitdata.WARD
    parents = {u.id: u.parent_id for u in units.values()}
    missing_parents = {p for p in parents.values() if p and p not in units}
    units.update({u.id: u for u in AdminUnit.objects.filter(id__in=missing_parents)})

    def legacy_target(uid: int) -> int | None:
        u = units[uid]
        if u.level == unitdata.WARD and legacy_level == unitdata.DISTRICT:
            return u.parent_id
        return uid

    out = {}
    for uid in ids:
        u = units[uid]
        target = uid
        if cut == unitdata.Y2025:
            if u.era == unitdata.LEGACY and u.level == unitdata.WARD and len(successors[uid]) == 1:
                target = next(iter(successors[uid]))
        elif u.era == unitdata.LEGACY:
            target = legacy_target(uid) or uid
        elif u.level == unitdata.WARD:
            candidates = {legacy_target(old) for old in predecessors[uid]}
            if len(candidates) == 1 and None not in candidates:
                target = candidates.pop()
        out[uid] = units[target]
    return out


def _natural(unit: AdminUnit, cut: str, report_unit: AdminUnit) -> bool:
    """Whether a bucket is a unit of the chosen structure and level (shown even when empty)."""
    if cut == unitdata.Y2025:
        return unit.era == unitdata.Y2025 and unit.level == unitdata.WARD
    level = unitdata.DISTRICT if report_unit.level == unitdata.PROVINCE else unitdata.WARD
    return unit.era == unitdata.LEGACY and unit.level == level


def bucket_unit_ids(report_unit: AdminUnit, cut: str, unit_ids, bucket_id: int) -> frozenset[int]:
    """The record units shown under one row of the breakdown (for its drill-down)."""
    mapping = bucket_map(report_unit, cut, unit_ids)
    return frozenset(uid for uid, b in mapping.items() if b.id == bucket_id)


def default_cut(period: Period) -> str:
    return unitdata.era_on(period.end)


# ---------------------------------------------------------------- sections


def _aggregate(keys: list[str], period: Period, ids) -> dict:
    base = MEASURES[keys[0]].base(period, ids)
    return base.aggregate(**{key.split(".", 1)[1]: MEASURES[key].expression(period) for key in keys})


_CRIME_KEYS = ["crime.detected", "crime.cleared", "crime.serious_detected", "crime.serious_cleared"]
_TRAFFIC_KEYS = ["traffic.accidents", "traffic.deaths", "traffic.injuries"]


def _crime_rows(period: Period, ids, dimension: str, choices) -> dict[str, dict]:
    base = MEASURES["crime.detected"].base(period, ids)
    annotations = {key.split(".", 1)[1]: MEASURES[key].expression(period) for key in _CRIME_KEYS}
    found = {row[dimension]: row for row in base.values(dimension).annotate(**annotations).order_by()}
    out = {}
    for value in [*choices, *(v for v in found if v not in choices)]:
        row = found.get(value, {})
        detected, cleared = row.get("detected", 0), row.get("cleared", 0)
        out[value] = {
            "detected": detected, "cleared": cleared, "clearance_rate": rate(cleared, detected),
            "serious_detected": row.get("serious_detected", 0), "serious_cleared": row.get("serious_cleared", 0),
        }
    return out


_PEOPLE_KEYS = ["crime.suspects_arrested", "crime.suspects_prosecuted", "crime.operations_broken"]


def _people(period: Period, ids) -> dict[str, int]:
    """Arrests, accused prosecuted and plans broken up: each measure has its own date, so one query each."""
    return {key.split(".", 1)[1]: MEASURES[key].value(period, ids) for key in _PEOPLE_KEYS}


def crime_section(period: Period, previous: Period, ids, *, unit: AdminUnit) -> dict:
    from congan.cases.models import Category, CrimeGroup

    now = _aggregate(_CRIME_KEYS, period, ids)
    last = _aggregate(["crime.detected", "crime.cleared"], previous, ids)
    people, people_last = _people(period, ids), _people(previous, ids)
    target = target_for(unit=unit, year=_target_year(period), kpi="crime.clearance_rate")
    serious_target = target_for(unit=unit, year=_target_year(period), kpi="crime.serious_clearance_rate")
    clearance = rate(now["cleared"], now["detected"])
    return {
        "detected": now["detected"],
        "cleared": now["cleared"],
        "clearance_rate": clearance,
        "target_clearance_rate": target,
        "serious_detected": now["serious_detected"],
        "serious_cleared": now["serious_cleared"],
        "serious_clearance_rate": rate(now["serious_cleared"], now["serious_detected"]),
        "by_category": _crime_rows(period, ids, "category", Category.values),
        **people,
        # added keys
        "by_group": _crime_rows(period, ids, "crime_group", CrimeGroup.values),
        "target_serious_clearance_rate": serious_target,
        "clearance_vs_target": None if clearance is None or target is None else rounded(clearance - target),
        "previous": {"detected": last["detected"], "cleared": last["cleared"],
                     "clearance_rate": rate(last["cleared"], last["detected"]), **people_last},
        "change": {"detected": change(now["detected"], last["detected"]),
                   "cleared": change(now["cleared"], last["cleared"]),
                   **{k: change(v, people_last[k]) for k, v in people.items()}},
    }


def traffic_section(period: Period, previous: Period, ids) -> dict:
    now = {k: int(v) for k, v in _aggregate(_TRAFFIC_KEYS, period, ids).items()}
    last = {k: int(v) for k, v in _aggregate(_TRAFFIC_KEYS, previous, ids).items()}
    return {**now, "previous": last, "change": {k: change(now[k], last[k]) for k in now}}


def weapons_section(period: Period, ids) -> dict:
    from congan.campaigns.models import ItemType

    measure = MEASURES["weapons.quantity"]
    found = dict(measure.base(period, ids).values("item_type").annotate(q=measure.expression(period))
                 .order_by().values_list("item_type", "q"))
    return {item: number(found.get(item, 0)) for item in ItemType.values}


def wanted_section(period: Period, ids) -> dict:
    listed = MEASURES["wanted.listed"].base(period, ids).count()
    outcomes = _aggregate(["wanted.arrested", "wanted.surrendered", "wanted.removed"], period, ids)
    return {"listed": listed, **outcomes}


def id_cards_section(period: Period, ids) -> dict:
    """The registry's own definition of the collection rate."""
    result = id_card_collection(unit_ids=ids, start=period.start, end=period.end)
    return {"eligible": result["eligible"], "applications": result["applications"],
            "collection_rate": result["collection_rate"]}


def population_section(period: Period, ids) -> dict:
    """Residents' records and those the latest cleansing run settled (dataquality's definition).

    The state now, whatever the period: cleansing settles the registry as it stands.
    """
    stats = cleansing_stats(unit_ids=ids)
    return {"records": stats["records"], "cleaned": stats["cleaned"],
            "cleansing_rate": rounded(stats["cleansing_rate"])}


def _target_year(period: Period) -> int:
    return period.year if period.year is not None else period.end.year


# ---------------------------------------------------------------- trend and breakdown


def monthly_counts(period: Period, ids, keys: list[str]) -> list[dict]:
    """Each month of `period` (periods.months) with the counted figures `keys`, each by its measure's
    own expression over the whole period (so "cleared" is cleared by the period's end, as in the
    report): one query per register and date. Rows: start, end, number and the keys' short names."""
    months = periods.months(period)
    index = periods.month_index(period)
    rows = [{"start": m.start.isoformat(), "end": m.end.isoformat(), "number": m.number,
             **{key.split(".", 1)[1]: 0 for key in keys}} for m in months]
    groups: dict[tuple, list[str]] = defaultdict(list)
    for key in keys:
        m = MEASURES[key]
        groups[(m.model, m.date_field, m.unit_field, m.counted)].append(key)
    for group in groups.values():
        measure = MEASURES[group[0]]
        found = measure.base(period, ids).values(measure.date_field).annotate(
            **{key.split(".", 1)[1]: MEASURES[key].expression(period) for key in group}).order_by()
        for r in found:
            row = rows[index[r[measure.date_field]]]
            for key in group:
                row[key.split(".", 1)[1]] += int(r[key.split(".", 1)[1]])
    return rows


def monthly_section(period: Period, ids) -> list[dict]:
    return monthly_counts(period, ids, ["crime.detected", "crime.cleared", *_TRAFFIC_KEYS])


def headlines(many: list[Period], ids) -> list[dict[str, int]]:
    """The crime and traffic counts of each period, as the report's sections count them, in one
    query per register over the span of the periods."""
    span = periods.custom(min(p.start for p in many), max(p.end for p in many))
    out: list[dict[str, int]] = [{} for _ in many]
    for keys in (_CRIME_KEYS, _TRAFFIC_KEYS):
        base = MEASURES[keys[0]].base(span, ids)
        found = base.aggregate(**{f"p{i}_{key.split('.', 1)[1]}": MEASURES[key].expression_within(p)
                                  for i, p in enumerate(many) for key in keys})
        for name, value in found.items():
            i, short = name[1:].split("_", 1)
            out[int(i)][short] = int(value)
    return out


def headline(period: Period, ids) -> dict[str, int]:
    """The crime and traffic counts of one period."""
    return headlines([period], ids)[0]


def breakdown_section(period: Period, ids, *, unit: AdminUnit, cut: str) -> dict:
    mapping = bucket_map(unit, cut, ids)
    totals: dict[int, dict] = {}

    def row(bucket: AdminUnit) -> dict:
        return totals.setdefault(bucket.id, {
            "unit_id": bucket.id, "code": bucket.code, "era": bucket.era, "level": bucket.level,
            "name": bucket.name, "detected": 0, "cleared": 0, "accidents": 0, "deaths": 0, "injuries": 0,
        })

    for bucket in {b.id: b for b in mapping.values()}.values():
        if _natural(bucket, cut, unit):
            row(bucket)
    crime = MEASURES["crime.detected"].base(period, ids).values("unit").annotate(
        detected=MEASURES["crime.detected"].expression(period),
        cleared=MEASURES["crime.cleared"].expression(period)).order_by()
    for r in crime:
        target = row(mapping[r["unit"]])
        target["detected"] += r["detected"]
        target["cleared"] += r["cleared"]
    traffic = MEASURES["traffic.accidents"].base(period, ids).values("unit").annotate(
        **{k.split(".", 1)[1]: MEASURES[k].expression(period) for k in _TRAFFIC_KEYS}).order_by()
    for r in traffic:
        target = row(mapping[r["unit"]])
        for k in ("accidents", "deaths", "injuries"):
            target[k] += int(r[k])
    rows = sorted(totals.values(), key=lambda r: (r["era"] != cut, r["level"], r["code"]))
    _mark_partial(rows, mapping, ids)
    for r in rows:
        r["clearance_rate"] = rate(r["cleared"], r["detected"])
        r["structure"] = cut if _natural(AdminUnit(era=r["era"], level=r["level"]), cut, unit) else "other"
    total = {k: sum(r[k] for r in rows) for k in ("detected", "cleared", "accidents", "deaths", "injuries")}
    total["clearance_rate"] = rate(total["cleared"], total["detected"])
    return {"cut": cut, "rows": rows, "total": total}


def _mark_partial(rows: list[dict], mapping: dict[int, AdminUnit], ids) -> None:
    """Flag a row whose unit reaches beyond the report's area (a 2025 ward seen from one of the old
    wards it absorbed, or a unit partly outside the viewer's jurisdiction): its figure counts only
    the part inside, and `within` names the units that part is made of."""
    bucket_ids = [r["unit_id"] for r in rows]
    area: dict[int, set[int]] = {b: {b} for b in bucket_ids}
    for old_id, new_id in UnitSuccession.objects.filter(new_id__in=bucket_ids).values_list("old_id", "new_id"):
        area[new_id].add(old_id)
    for child_id, parent_id in AdminUnit.objects.filter(
            parent_id__in=bucket_ids, level=unitdata.WARD).values_list("id", "parent_id"):
        area[parent_id].add(child_id)
    names = {}
    for r in rows:
        r["partial"] = not area[r["unit_id"]] <= ids
        r["within"] = []
        if r["partial"]:
            inside = sorted(i for i in ids if mapping[i].id == r["unit_id"] and i != r["unit_id"])
            if not names:
                names = dict(AdminUnit.objects.filter(id__in=ids).values_list("id", "name"))
            r["within"] = [names[i] for i in inside]


# ---------------------------------------------------------------- the report


def _provenance(period: Period, previous: Period, ids, *, unit: AdminUnit, built_at: datetime,
                report: dict, cut: str) -> dict:
    from congan.campaigns.models import Receipt, WantedStatusChange

    return {
        "at": built_at.isoformat(timespec="seconds"),
        "unit": {"id": unit.id, "code": unit.code, "era": unit.era, "level": unit.level, "name": unit.name},
        "unit_count": len(ids),
        "period_kind": period.kind,
        "records": {
            "cases": report["crime"]["detected"],
            "cases_previous_period": report["crime"]["previous"]["detected"],
            "accidents": report["traffic"]["accidents"],
            "accidents_previous_period": report["traffic"]["previous"]["accidents"],
            "weapon_receipts": Receipt.objects.filter(unit__in=list(ids),
                                                      received_on__range=(period.start, period.end)).count(),
            "wanted_listed": report["wanted"]["listed"],
            "wanted_status_changes": WantedStatusChange.objects.filter(
                unit__in=list(ids), on__range=(period.start, period.end)).count(),
            "residents": report["population_data"]["records"],
        },
        "serious_severities": list(kpis.serious_severities()),
        "breakdown_cut": cut,
        "definitions": {
            **{key: str(m.definition) for key, m in MEASURES.items()},
            **{key: f"{MEASURES[r.numerator].label} ÷ {MEASURES[r.denominator].label}"
               for key, r in kpis.RATES.items()},
        },
    }


def _filed_previous(report: dict, previous: Period, ids) -> None:
    """Quote the same period last year as filed, when a report of exactly that period and area was
    filed (reports/filing.py), and say so in `previous_source`; else the live figures."""
    import json

    from congan.reports.filing import filed_for_area

    filed = filed_for_area(period=previous, ids=ids)
    if filed is None:
        report["previous_source"] = {"kind": "live"}
        return
    old = json.loads(filed.report_json)
    crime, was = report["crime"], old["crime"]
    people = [key.split(".", 1)[1] for key in _PEOPLE_KEYS]
    crime["previous"] = {k: was[k] for k in ("detected", "cleared", "clearance_rate", *people)}
    crime["change"] = {k: change(crime[k], was[k]) for k in ("detected", "cleared", *people)}
    traffic = report["traffic"]
    traffic["previous"] = {k: old["traffic"][k] for k in ("accidents", "deaths", "injuries")}
    traffic["change"] = {k: change(traffic[k], traffic["previous"][k]) for k in traffic["previous"]}
    report["previous_source"] = {"kind": "filed", "version": filed.version, "filed_at": filed.filed_at.isoformat(),
                                 "sha256": filed.sha256, "unit": filed.unit.code}


def build_report(*, unit: AdminUnit, period: Period, unit_ids=None, cut: str | None = None,
                 built_at: datetime | None = None, previous_as_filed: bool = True) -> dict:
    """Every KPI of `unit` for `period` against the same period a year earlier.

    `unit_ids` defaults to the unit's whole area (both structures); a page passes the area
    intersected with the user's jurisdiction. The same period last year is quoted as filed when
    it was (`previous_source` says which), unless `previous_as_filed` is False.
    """
    ids = frozenset(jurisdiction.unit_ids(unit.id) if unit_ids is None else unit_ids)
    previous = periods.previous(period)
    cut = cut or default_cut(period)
    report = {
        "unit": unit.code,
        "period": period.as_dict(),
        "previous_period": previous.as_dict(),
        "crime": crime_section(period, previous, ids, unit=unit),
        "traffic": traffic_section(period, previous, ids),
        "weapons": weapons_section(period, ids),
        "wanted": wanted_section(period, ids),
        "id_cards": id_cards_section(period, ids),
        "population_data": population_section(period, ids),
    }
    if previous_as_filed:
        _filed_previous(report, previous, ids)
    else:
        report["previous_source"] = {"kind": "live"}
    report["monthly"] = monthly_section(period, ids)
    report["breakdown"] = breakdown_section(period, ids, unit=unit, cut=cut)
    report["built"] = _provenance(period, previous, ids, unit=unit, built_at=built_at or timezone.now(),
                                  report=report, cut=cut)
    return report

