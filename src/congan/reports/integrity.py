"""Recording-integrity flags: where a unit's recording drifts the way figures drift under target
pressure, for one period, against its city. The one place for their definitions (docs/reports.md
repeats them beside the KPI definitions); thresholds in settings.CONGAN_INTEGRITY.

Each flag is a share of a unit's cases, with the cases behind it:
- downgrades: of the cases detected in the period, those whose severity was ever lowered
  (the case's history, congan.cases.history);
- "no crime" closures: of the cases detected in the period, those closed as no crime;
- late clearing: of the cases cleared in the period, those cleared in its last `late_clearing_days`
  days;
- backdated clearings: of the cases cleared in the period, those whose clearing was recorded more
  than `backdating_days` days after the date it gives (recorded: the latest clearing or change of
  clearing date in the history, else when the case was entered);
- late recording: of the cases detected in the period, those entered more than
  `late_recording_days` days after their detection date.
A flag is raised when the unit has at least `min_cases` cases in the denominator and its share
reaches the flag's limit, or reaches `ratio_to_city_percent` of the city's share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congan import units as unitdata
from congan.org import jurisdiction
from congan.org.models import AdminUnit
from congan.rates import rate
from congan.reports.periods import Period


def thresholds() -> dict[str, int]:
    return dict(settings.CONGAN_INTEGRITY)


@dataclass(frozen=True)
class CaseFacts:
    id: int
    unit_id: int
    detected_on: date
    cleared_on: date | None
    no_crime_on: date | None
    entered_on: date
    clearing_recorded_on: date | None
    downgraded: bool


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    definition: str
    base: str  # "detected" | "cleared"
    limit_key: str
    hit: Callable[[CaseFacts, Period, dict], bool]
    days_key: str | None = None  # the setting the definition's "%(days)s" reads

    def text(self, t: dict) -> str:
        return str(self.definition) % {"days": t[self.days_key]} if self.days_key else str(self.definition)


def _late_clearing(c: CaseFacts, period: Period, t: dict) -> bool:
    return c.cleared_on >= period.end - timedelta(days=t["late_clearing_days"] - 1)


def _backdated(c: CaseFacts, period: Period, t: dict) -> bool:
    recorded = c.clearing_recorded_on or c.entered_on
    return (recorded - c.cleared_on).days > t["backdating_days"]


def _late_recording(c: CaseFacts, period: Period, t: dict) -> bool:
    return (c.entered_on - c.detected_on).days > t["late_recording_days"]


FLAGS = (
    Definition("downgrades", _("Severity downgrades"),
               _("Of the cases detected in the period, those whose severity was lowered at any time."),
               "detected", "downgrade_percent", lambda c, p, t: c.downgraded),
    Definition("no_crime", _("Closures as no crime"),
               _("Of the cases detected in the period, those closed as no crime."),
               "detected", "no_crime_percent", lambda c, p, t: c.no_crime_on is not None),
    Definition("late_clearing", _("Clearings in the last days of the period"),
               _("Of the cases cleared in the period, those cleared in its last %(days)s days."),
               "cleared", "late_clearing_percent", _late_clearing, "late_clearing_days"),
    Definition("backdating", _("Backdated clearings"),
               _("Of the cases cleared in the period, those whose clearing was recorded more than "
                 "%(days)s days after the clearing date it gives."),
               "cleared", "backdating_percent", _backdated, "backdating_days"),
    Definition("late_recording", _("Detections recorded late"),
               _("Of the cases detected in the period, those entered more than %(days)s days "
                 "after their detection date."),
               "detected", "late_recording_percent", _late_recording, "late_recording_days"),
)
BY_KEY = {d.key: d for d in FLAGS}


@dataclass
class Flag:
    definition: Definition
    cases: int
    base: int
    share: float | None
    city_share: float | None
    limit: float
    flagged: bool
    case_ids: list[int] = field(default_factory=list)
    text: str = ""  # the definition with this installation's thresholds


def city_of(unit: AdminUnit) -> AdminUnit:
    """The province (of the unit's own structure) a unit is compared with."""
    if unit.level == unitdata.PROVINCE:
        return unit
    return AdminUnit.objects.get(level=unitdata.PROVINCE, era=unit.era, code=unit.province_code)


def case_facts(period: Period, ids) -> tuple[list[CaseFacts], list[CaseFacts]]:
    """The cases detected in the period and those cleared in it (not closed as no crime), in the units."""
    from django.db.models import Q

    from congan.cases.history import ChangeKind, last_recorded
    from congan.cases.models import Case

    rows = list(Case.objects.filter(Q(detected_on__range=(period.start, period.end))
                                    | Q(cleared_on__range=(period.start, period.end)), unit__in=list(ids))
                .values("id", "unit_id", "detected_on", "cleared_on", "no_crime_on", "created_at"))
    case_ids = [r["id"] for r in rows]
    recorded = last_recorded(case_ids, [ChangeKind.CLEARING, ChangeKind.CLEARING_DATE])
    downgraded = set(last_recorded(case_ids, [ChangeKind.DOWNGRADE]))
    facts = [CaseFacts(r["id"], r["unit_id"], r["detected_on"], r["cleared_on"], r["no_crime_on"],
                       timezone.localdate(r["created_at"]),
                       timezone.localdate(recorded[r["id"]]) if r["id"] in recorded else None,
                       r["id"] in downgraded) for r in rows]
    detected = [c for c in facts if c.detected_on in period]
    cleared = [c for c in facts if c.cleared_on and c.cleared_on in period and c.no_crime_on is None]
    return detected, cleared


def _count(definition: Definition, detected, cleared, period: Period, t: dict, unit_ids=None):
    base = detected if definition.base == "detected" else cleared
    if unit_ids is not None:
        base = [c for c in base if c.unit_id in unit_ids]
    hits = [c.id for c in base if definition.hit(c, period, t)]
    return hits, len(base)


def flags(*, unit: AdminUnit, period: Period, unit_ids=None) -> tuple[AdminUnit, list[Flag]]:
    """Every flag of `unit` (its area, or `unit_ids`) for `period`, with the city's share beside it."""
    t = thresholds()
    city = city_of(unit)
    ids = frozenset(jurisdiction.unit_ids(unit.id) if unit_ids is None else unit_ids)
    detected, cleared = case_facts(period, jurisdiction.unit_ids(city.id) | ids)
    out = []
    for definition in FLAGS:
        city_hits, city_base = _count(definition, detected, cleared, period, t)
        hits, base = _count(definition, detected, cleared, period, t, unit_ids=ids)
        share, city_share = rate(len(hits), base), rate(len(city_hits), city_base)
        limit = t[definition.limit_key] / 100
        compared = city.id != unit.id and city_share is not None and share is not None and share > 0
        flagged = base >= t["min_cases"] and share is not None and (
            share >= limit or (compared and share >= city_share * t["ratio_to_city_percent"] / 100))
        out.append(Flag(definition, len(hits), base, share, city_share, limit, flagged, sorted(hits),
                        definition.text(t)))
    return city, out
