"""The home page's dashboard: the user's area this police month, half-year and year to date
against target and the same days a year earlier, monthly sparklines, and the work waiting.

Every figure is the report's own (services.headline, the registry's collection rate,
dataquality's cleansing rate, kpis.MEASURES for the drill-downs): nothing is counted twice.
The area is the one the report pages give the user (views.visible_unit_ids) inside the
area of the user's own unit; the auditor sees the figures but no drill-down or work list.

`build` returns plain data (the JSON of GET /api/reports/dashboard); the page renders it.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse

from congan.campaigns.models import WantedPerson, WantedStatus
from congan.dataquality.models import PairStatus
from congan.dataquality.services import cleansing_stats
from congan.org import jurisdiction
from congan.org.audit import Action
from congan.org.audit_views import AUDIT_ROLES
from congan.org.models import AdminUnit, AuditEntry
from congan.rates import change, rate, rounded
from congan.registry.services import id_card_collection, overdue_applications
from congan.reports import periods, services
from congan.reports.models import target_for
from congan.reports.periods import Period

#: The periods shown, in order: police month, half-year and year, each to date.
PERIOD_KINDS = (periods.POLICE_MONTH, periods.POLICE_HALF, periods.POLICE_YEAR)
#: Counted figures: key → (the headline's name, the measure its drill-down lists).
COUNTS = {
    "crime.serious_detected": ("serious_detected", "crime.serious_detected"),
    "traffic.accidents": ("accidents", "traffic.accidents"),
    "traffic.deaths": ("deaths", "traffic.deaths"),
    "traffic.injuries": ("injuries", "traffic.injuries"),
}
#: Rates of cases: key → (numerator, denominator) in the headline, and the measure listed.
CASE_RATES = {
    "crime.clearance_rate": ("cleared", "detected", "crime.detected"),
    "crime.serious_clearance_rate": ("serious_cleared", "serious_detected", "crime.serious_detected"),
}
SPARK_KEYS = ["crime.detected", "crime.cleared", "crime.serious_detected", *(k for k in COUNTS if k.startswith("traffic"))]
#: Imports with rejects are those of the last days (the audit trail records every import).
IMPORT_DAYS = 30


def area(user) -> tuple[AdminUnit | None, frozenset[int]]:
    """The user's unit and the units whose figures the dashboard counts (none without a unit)."""
    from congan.reports.views import visible_unit_ids

    allowed = visible_unit_ids(user)
    if not user.unit_id or user.unit.admin_unit_id not in allowed:
        return None, frozenset()
    unit = user.unit.admin_unit
    return unit, services.report_unit_ids(unit) & allowed


def _records_url(kpi: str, unit: AdminUnit, period: Period) -> str:
    query = {"kpi": kpi, "unit": unit.id, "start": period.start.isoformat(), "end": period.end.isoformat()}
    return f"{reverse('reports:records')}?{urlencode(query)}"


def _period_block(kind: str, period: Period, now: dict, last: dict, *, unit: AdminUnit, links: bool) -> dict:
    previous = periods.previous(period)
    figures = {}
    for key, (num, den, listed) in CASE_RATES.items():
        value, was = rate(now[num], now[den]), rate(last[num], last[den])
        target = target_for(unit=unit, year=period.year, kpi=key)
        figures[key] = {
            "value": value, "previous": was, "target": target,
            "vs_target": None if value is None or target is None else rounded(value - target),
            "vs_previous": None if value is None or was is None else rounded(value - was),
            "numerator": now[num], "denominator": now[den],
            "url": _records_url(listed, unit, period) if links else "",
        }
    for key, (name, listed) in COUNTS.items():
        figures[key] = {"value": now[name], "previous": last[name], "change": change(now[name], last[name]),
                        "url": _records_url(listed, unit, period) if links else ""}
    return {"kind": kind, "year": period.year, "number": period.number, **period.as_dict(),
            "previous_period": previous.as_dict(), "figures": figures}


def _sparklines(today: date, ids) -> dict:
    """Month by month of the police year so far: the clear-up rate and the counts."""
    year = periods.police_year(periods.police_year_of(today))
    rows = [r for r in services.monthly_counts(year, ids, SPARK_KEYS) if date.fromisoformat(r["start"]) <= today]
    return {
        "months": [{"start": r["start"], "end": r["end"], "number": r["number"]} for r in rows],
        "crime.clearance_rate": [rate(r["cleared"], r["detected"]) for r in rows],
        **{key: [r[key.split(".", 1)[1]] for r in rows] for key in SPARK_KEYS if key in COUNTS},
    }


def _standing(today: date, ids, *, unit: AdminUnit, links: bool) -> dict:
    """Figures that are a state rather than a count of the period: the collection rate (cumulative
    to today, against the same day last year) and the cleansing rate (the registry as it stands)."""
    year = periods.police_year_of(today)
    cards = id_card_collection(unit_ids=ids, end=today)
    cards_before = id_card_collection(unit_ids=ids, end=periods.previous(periods.custom(today, today)).end)
    target = target_for(unit=unit, year=year, kpi="id_cards.collection_rate")
    value, was = cards["collection_rate"], cards_before["collection_rate"]
    cleansing = cleansing_stats(unit_ids=ids)
    clean_rate = rounded(cleansing["cleansing_rate"])
    clean_target = target_for(unit=unit, year=year, kpi="population_data.cleansing_rate")
    return {
        "id_cards.collection_rate": {
            "value": value, "previous": was, "target": target, "on": today.isoformat(),
            "vs_target": None if value is None or target is None else rounded(value - target),
            "vs_previous": None if value is None or was is None else rounded(value - was),
            "numerator": cards["applications"], "denominator": cards["eligible"],
            "url": f"{reverse('registry:id_cards')}?{urlencode({'end': today.isoformat()})}" if links else "",
        },
        "population_data.cleansing_rate": {
            "value": clean_rate, "previous": None, "target": clean_target,
            "vs_target": None if clean_rate is None or clean_target is None else rounded(clean_rate - clean_target),
            "numerator": cleansing["cleaned"], "denominator": cleansing["records"],
            "url": reverse("dataquality:rates") if links else "",
        },
    }


def work_waiting(user, ids, today: date) -> list[dict]:
    """Counts of what waits for this user, each with the list it links to (only lists they may open)."""
    from congan.dataquality.views import visible_pairs

    out = []
    if user.role in jurisdiction.RECORD_ROLES and ids:
        pairs = visible_pairs(user).filter(status=PairStatus.PENDING)
        out.append({"key": "review_pairs", "count": pairs.count(), "url": reverse("dataquality:queue")})
        overdue = overdue_applications(unit_ids=ids, today=today)
        out.append({"key": "id_card_steps_overdue", "count": overdue.count(),
                    "url": reverse("registry:id_cards_overdue")})
        at_large = jurisdiction.scope(WantedPerson.objects.filter(status=WantedStatus.LISTED), user)
        out.append({"key": "wanted_at_large", "count": at_large.filter(unit_id__in=list(ids)).count(),
                    "url": f"{reverse('campaigns:wanted')}?{urlencode({'status': WantedStatus.LISTED})}"})
    if user.role in AUDIT_ROLES:
        since = today - timedelta(days=IMPORT_DAYS)
        rejected = AuditEntry.objects.filter(action=Action.IMPORT, at__date__gte=since, detail__rejects__gt=0)
        out.append({"key": "imports_with_rejects", "count": rejected.count(),
                    "url": f"{reverse('org:audit')}?{urlencode({'action': Action.IMPORT})}"})
    return out


def build(user, *, today: date | None = None) -> dict:
    """The dashboard of `user` on `today` (see the module docstring)."""
    today = today or date.today()
    unit, ids = area(user)
    links = user.role in jurisdiction.RECORD_ROLES
    result = {"on": today.isoformat(), "unit": None, "periods": [], "standing": {}, "sparklines": {},
              "work": work_waiting(user, ids, today)}
    if unit is None or not ids:
        return result
    result["unit"] = {"id": unit.id, "code": unit.code, "era": unit.era, "level": unit.level, "name": unit.name}
    to_date = [periods.to_date(today)[kind] for kind in PERIOD_KINDS]
    counts = services.headlines([*to_date, *(periods.previous(p) for p in to_date)], ids)
    result["periods"] = [_period_block(kind, period, counts[i], counts[i + len(to_date)], unit=unit, links=links)
                         for i, (kind, period) in enumerate(zip(PERIOD_KINDS, to_date, strict=True))]
    result["standing"] = _standing(today, ids, unit=unit, links=links)
    result["sparklines"] = _sparklines(today, ids)
    return result
