"""Official figures: filing a period's report, reading it back exactly as filed, and restating it.

Filing freezes what the statistics office reads out at a review: the report JSON, the rendered
Word and Excel files, the ids of the records behind every figure (and each case's classification
then), and the KPI definitions. Each part's SHA-256 and the content hash over all of them are kept
with the filed report and written to the audit trail. A filed report is never changed or deleted;
a restatement is a new version with a note, filed the same way.

`restatement` compares a filed report with the same report built now: every figure filed vs live,
and which records changed since filing (added, removed, reclassified, cleared later, re-opened),
with who changed them and why from the case's history (congan.cases.history).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congan.org import audit, jurisdiction
from congan.org.models import AdminUnit
from congan.org.roles import Role
from congan.reports import kpis, services
from congan.reports.kpis import MEASURES, RATES
from congan.reports.models import FiledReport
from congan.reports.periods import Period
from congan.reports.render import docx as docx_render
from congan.reports.render import json as json_render
from congan.reports.render import wording
from congan.reports.render import xlsx as xlsx_render

#: Who files: the statistics office.
FILING_ROLES = frozenset({Role.STATISTICS})

#: Format → (content type, the stored field).
FORMATS = {
    "json": ("application/json; charset=utf-8", "report_json"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}

#: What a case looked like when filed (a change of these is what a restatement lists).
CASE_FIELDS = ("case_number", "detected_on", "unit_id", "severity", "category", "crime_group", "cleared_on",
               "no_crime_on")
CLASSIFICATION = ("severity", "category", "crime_group")


# ---------------------------------------------------------------- what is frozen


def period_of(filed: FiledReport) -> Period:
    return Period(filed.period_start, filed.period_end, filed.period_kind, filed.period_year, filed.period_number)


def figure_records(period: Period, ids) -> dict[str, list[int]]:
    """Figure key → the ids of exactly the records it counts (a stock counted as it stands has none)."""
    return {key: sorted(m.records(period, ids).values_list("pk", flat=True))
            for key, m in MEASURES.items() if m.date_field is not None}


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def case_states(case_ids) -> dict[str, dict]:
    """Case id (as text, the JSON key) → its classification and dates as stored now."""
    from congan.cases.models import Case

    return {str(row.pop("pk")): {k: _plain(v) for k, v in row.items()}
            for row in Case.objects.filter(pk__in=list(case_ids)).values("pk", *CASE_FIELDS)}


def definitions() -> dict:
    """The KPI definitions a filed report is read by (labels and definitions, rates, "serious")."""
    return {
        "measures": {key: {"label": str(m.label), "definition": str(m.definition)} for key, m in MEASURES.items()},
        "rates": {key: {"label": str(r.label), "numerator": r.numerator, "denominator": r.denominator}
                  for key, r in RATES.items()},
        "serious_severities": list(kpis.serious_severities()),
        "default_clearance_target": kpis.default_clearance_target(),
    }


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hashes(*, report_json: str, docx: bytes, xlsx: bytes, records: dict, definitions: dict) -> dict[str, str]:
    return {"report.json": _digest(report_json.encode()), "report.docx": _digest(bytes(docx)),
            "report.xlsx": _digest(bytes(xlsx)), "records.json": _digest(_canonical(records)),
            "definitions.json": _digest(_canonical(definitions))}


def content_hash(hashes: dict[str, str]) -> str:
    """The one hash of a filed report: over each part's name and SHA-256, in name order."""
    return _digest("".join(f"{name} {value}\n" for name, value in sorted(hashes.items())).encode())


def verify(filed: FiledReport) -> bool:
    """Whether the stored parts still give the hash recorded when the report was filed."""
    hashes = file_hashes(report_json=filed.report_json, docx=filed.docx, xlsx=filed.xlsx, records=filed.records,
                         definitions=filed.definitions)
    return hashes == filed.hashes and content_hash(hashes) == filed.sha256


def content(filed: FiledReport, fmt: str) -> bytes:
    """The file exactly as filed."""
    value = getattr(filed, FORMATS[fmt][1])
    return value.encode() if isinstance(value, str) else bytes(value)


def filename(filed: FiledReport, fmt: str) -> str:
    return (f"bao-cao-{filed.unit.code}-{filed.period_start:%Y%m%d}-{filed.period_end:%Y%m%d}"
            f"-ban-nop-{filed.version}.{fmt}")


# ---------------------------------------------------------------- filing


def versions(*, unit: AdminUnit, period: Period):
    return FiledReport.objects.filter(unit=unit, period_start=period.start, period_end=period.end)


def latest(*, unit: AdminUnit, period: Period, version: int | None = None) -> FiledReport | None:
    found = versions(unit=unit, period=period)
    if version is not None:
        found = found.filter(version=version)
    return found.order_by("-version").first()


def file_report(*, unit: AdminUnit, period: Period, actor, note: str = "", request=None) -> FiledReport:
    """File the report of `unit` (its whole area) for `period` as it stands now; a later version of
    a report already filed is a restatement and needs a note. Audited with the content hash."""
    note = (note or "").strip()
    ids = jurisdiction.unit_ids(unit.id)
    with transaction.atomic():
        previous = latest(unit=unit, period=period)
        version = previous.version + 1 if previous else 1
        if previous and not note:
            raise ValidationError({"note": _("A restatement needs a note saying what changed and why.")})
        at = timezone.now().replace(microsecond=0)
        report = services.build_report(unit=unit, period=period, built_at=at)
        report["filed"] = {"version": version, "at": at.isoformat(), "by": getattr(actor, "username", ""),
                           "note": note, "supersedes": previous.version if previous else None}
        label = wording.period_label(period)
        report_json = json_render.render(report)
        docx = docx_render.render(report, period_label=label)
        xlsx = xlsx_render.render(report, period_label=label)
        figures = figure_records(period, ids)
        records = {"figures": figures, "cases": case_states(figures["crime.detected"])}
        defs = definitions()
        hashes = file_hashes(report_json=report_json, docx=docx, xlsx=xlsx, records=records, definitions=defs)
        filed = FiledReport.objects.create(
            unit=unit, period_kind=period.kind, period_year=period.year, period_number=period.number,
            period_start=period.start, period_end=period.end, version=version, note=note,
            report_json=report_json, docx=docx, xlsx=xlsx, records=records, definitions=defs, hashes=hashes,
            sha256=content_hash(hashes), filed_at=at, filed_by=actor, filed_by_name=getattr(actor, "username", ""))
        audit.record(action=audit.Action.CREATE, actor=actor, request=request, obj=filed, detail={
            "filed": True, "unit": unit.code, "era": unit.era, **period.as_dict(), "version": version,
            "sha256": filed.sha256, "files": hashes})
    return filed


# ---------------------------------------------------------------- restatement


def figure_rows(report: dict) -> list[tuple[str, str, object]]:
    """Every figure of a report as (key, label, value), in the order of the document."""
    from congan.campaigns.models import ItemType
    from congan.cases.models import Category, CrimeGroup

    c = report["crime"]
    label = {k: str(m.label) for k, m in MEASURES.items()} | {k: str(r.label) for k, r in RATES.items()}
    rows = [(f"crime.{k}", label[f"crime.{k}"], c[k]) for k in (
        "detected", "cleared", "clearance_rate", "serious_detected", "serious_cleared", "serious_clearance_rate",
        "suspects_arrested", "suspects_prosecuted", "operations_broken")]
    for section, choices in (("by_group", CrimeGroup), ("by_category", Category)):
        for value, row in c[section].items():
            name = dict(choices.choices).get(value, value)
            for k in ("detected", "cleared"):
                rows.append((f"crime.{section}.{value}.{k}", f"{label['crime.' + k]} — {name}", row[k]))
    rows += [(f"traffic.{k}", label[f"traffic.{k}"], report["traffic"][k]) for k in ("accidents", "deaths", "injuries")]
    items = dict(ItemType.choices)
    rows += [(f"weapons.{k}", f"{label['weapons.quantity']} — {items.get(k, k)}", v)
             for k, v in report["weapons"].items()]
    rows += [(f"wanted.{k}", label[f"wanted.{k}"], report["wanted"][k])
             for k in ("listed", "arrested", "surrendered", "removed")]
    rows += [("id_cards.eligible", str(_("Residents eligible for an ID card")), report["id_cards"]["eligible"]),
             ("id_cards.applications", str(_("ID-card applications collected")), report["id_cards"]["applications"]),
             ("id_cards.collection_rate", str(_("Collection rate")), report["id_cards"]["collection_rate"]),
             ("population_data.records", label["population.records"], report["population_data"]["records"]),
             ("population_data.cleaned", str(_("Population records cleansed")), report["population_data"]["cleaned"]),
             ("population_data.cleansing_rate", str(_("Cleansing rate")),
              report["population_data"]["cleansing_rate"])]
    return rows


class ChangeKind:
    ADDED = "added"
    REMOVED = "removed"
    RECLASSIFIED = "reclassified"
    CLEARED_LATER = "cleared_later"
    CLEARING_DATE = "clearing_date"
    REOPENED = "reopened"
    NO_CRIME = "no_crime"


CHANGE_LABELS = {
    ChangeKind.ADDED: _("Added since filing"),
    ChangeKind.REMOVED: _("Removed since filing"),
    ChangeKind.RECLASSIFIED: _("Reclassified"),
    ChangeKind.CLEARED_LATER: _("Cleared after filing"),
    ChangeKind.CLEARING_DATE: _("Clearing date changed"),
    ChangeKind.REOPENED: _("Re-opened"),
    ChangeKind.NO_CRIME: _("Closed as no crime"),
}


@dataclass
class ChangedCase:
    case_id: int
    case_number: str
    kinds: list[str]
    filed: dict | None
    live: dict | None
    history: list = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [str(CHANGE_LABELS[k]) for k in self.kinds]


def _case_kinds(filed_state: dict | None, live_state: dict | None, in_filed: bool, in_live: bool) -> list[str]:
    kinds = []
    if in_live and not in_filed:
        kinds.append(ChangeKind.ADDED)
    if in_filed and not in_live:
        kinds.append(ChangeKind.REMOVED)
    if filed_state and live_state:
        if any(filed_state[k] != live_state[k] for k in CLASSIFICATION):
            kinds.append(ChangeKind.RECLASSIFIED)
        if live_state["no_crime_on"] and not filed_state["no_crime_on"]:
            kinds.append(ChangeKind.NO_CRIME)
        was, now = filed_state["cleared_on"], live_state["cleared_on"]
        if was != now:
            kinds.append(ChangeKind.CLEARED_LATER if not was else ChangeKind.REOPENED if not now
                         else ChangeKind.CLEARING_DATE)
    return kinds


def changed_cases(filed: FiledReport, live_figures: dict[str, list[int]]) -> list[ChangedCase]:
    """The cases of the filed report, or of the report now, whose counting changed since filing."""
    from congan.cases.history import CaseChange

    filed_ids = set(filed.records["figures"]["crime.detected"])
    live_ids = set(live_figures["crime.detected"])
    filed_states = filed.records["cases"]
    live_states = case_states(filed_ids | live_ids)
    out = []
    for case_id in sorted(filed_ids | live_ids):
        before, now = filed_states.get(str(case_id)), live_states.get(str(case_id))
        kinds = _case_kinds(before, now, case_id in filed_ids, case_id in live_ids)
        if kinds:
            number = (now or before or {}).get("case_number", str(case_id))
            out.append(ChangedCase(case_id, number, kinds, before, now))
    history = CaseChange.objects.filter(case_id__in=[c.case_id for c in out], at__gt=filed.filed_at
                                        ).select_related("actor").order_by("at", "id")
    by_case = {c.case_id: c for c in out}
    for change in history:
        by_case[change.case_id].history.append(change)
    return out


def restatement(filed: FiledReport) -> dict:
    """Filed vs live for every figure, the records added to or removed from each figure since filing,
    and the cases whose counting changed, with who changed them and why."""
    period = period_of(filed)
    ids = jurisdiction.unit_ids(filed.unit_id)
    as_filed = json.loads(filed.report_json)
    live = services.build_report(unit=filed.unit, period=period, cut=as_filed["breakdown"]["cut"])
    live_values = {key: value for key, _label, value in figure_rows(live)}
    figures = [{"key": key, "label": label, "filed": value, "live": live_values.get(key),
                "changed": value != live_values.get(key)} for key, label, value in figure_rows(as_filed)]
    live_figures = figure_records(period, ids)
    records = {}
    for key, filed_ids in filed.records["figures"].items():
        now = set(live_figures.get(key, []))
        added, removed = sorted(now - set(filed_ids)), sorted(set(filed_ids) - now)
        if added or removed:
            records[key] = {"label": str(MEASURES[key].label), "added": added, "removed": removed}
    return {"figures": figures, "records": records, "cases": changed_cases(filed, live_figures), "live": live}


def restatement_json(filed: FiledReport) -> dict:
    """The restatement as plain data (for the command line and tests)."""
    result = restatement(filed)
    return {
        "filed": {"version": filed.version, "sha256": filed.sha256, "at": filed.filed_at.isoformat()},
        "figures": [{k: f[k] for k in ("key", "filed", "live")} for f in result["figures"] if f["changed"]],
        "records": {k: {"added": v["added"], "removed": v["removed"]} for k, v in result["records"].items()},
        "cases": [{"id": c.case_id, "case_number": c.case_number, "changes": c.kinds,
                   "history": [{"kind": h.kind, "old": h.old, "new": h.new, "by": h.actor_name,
                                "at": h.at.isoformat(), "reason": h.reason} for h in c.history]}
                  for c in result["cases"]],
    }


# ---------------------------------------------------------------- the same period last year, as filed


def filed_for_area(*, period: Period, ids) -> FiledReport | None:
    """The latest report filed for exactly this period over exactly this area (any unit whose area
    it is: a ward code reused across the 2025 reform names another area, so the area decides)."""
    ids = frozenset(ids)
    candidates = FiledReport.objects.filter(period_start=period.start, period_end=period.end).order_by(
        "-version", "-filed_at")
    seen = set()
    for filed in candidates:
        if filed.unit_id in seen:
            continue
        seen.add(filed.unit_id)
        if jurisdiction.unit_ids(filed.unit_id) == ids:
            return filed
    return None
