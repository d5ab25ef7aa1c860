"""The report's tables and sentences, ready to display: the page, the print layout and Word share them.

A cell that shows a counted figure carries its `drill` (measure key, slice, which period, which
breakdown row) so the page can link it to exactly the records behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from congan import units as unitdata
from congan.org.unitcodes import era_label
from congan.reports.kpis import MEASURES
from congan.reports.render import wording as w


@dataclass
class Cell:
    text: str
    drill: dict | None = None
    num: bool = True
    url: str = ""  # set by the page from `drill`


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value))


def _count(value, key: str | None = None, *, previous: bool = False, **slice_) -> Cell:
    drill = {"kpi": key, "previous": previous, "slice": slice_} if key else None
    return Cell(w.number(value), drill)


def _pct(value) -> Cell:
    return Cell(w.percent(value))


def _text(value: str) -> Cell:
    return Cell(value, num=False)


def crime_table(report: dict) -> Table:
    c = report["crime"]
    prev = c["previous"]
    t = Table("crime", _("Crime"), [_("Indicator"), _("This period"), _("Same period last year"), _("Change")])
    t.rows = [
        [_text(str(MEASURES["crime.detected"].label)), _count(c["detected"], "crime.detected"),
         _count(prev["detected"], "crime.detected", previous=True), _pct(c["change"]["detected"])],
        [_text(str(MEASURES["crime.cleared"].label)), _count(c["cleared"], "crime.cleared"),
         _count(prev["cleared"], "crime.cleared", previous=True), _pct(c["change"]["cleared"])],
        [_text(_("Clear-up rate")), _pct(c["clearance_rate"]), _pct(prev["clearance_rate"]), _text("")],
        [_text(_("Target clear-up rate")), _pct(c["target_clearance_rate"]), _text(""), _text("")],
        [_text(str(MEASURES["crime.serious_detected"].label)),
         _count(c["serious_detected"], "crime.serious_detected"), _text(""), _text("")],
        [_text(str(MEASURES["crime.serious_cleared"].label)),
         _count(c["serious_cleared"], "crime.serious_cleared"), _text(""), _text("")],
        [_text(_("Clear-up rate of serious cases")), _pct(c["serious_clearance_rate"]), _text(""), _text("")],
    ]
    for name in ("suspects_arrested", "suspects_prosecuted", "operations_broken"):
        key = f"crime.{name}"
        t.rows.append([_text(str(MEASURES[key].label)), _count(c[name], key),
                       _count(prev[name], key, previous=True), _pct(c["change"][name])])
    return t


def _crime_rows_table(key: str, title: str, rows: dict, choices, dimension: str) -> Table:
    t = Table(key, title, [title, _("Detected"), _("Cleared"), _("Clear-up rate")])
    for value, r in rows.items():
        if not r["detected"] and value not in dict(choices):
            continue
        t.rows.append([
            _text(_label(choices, value)),
            _count(r["detected"], "crime.detected", **{dimension: value}),
            _count(r["cleared"], "crime.cleared", **{dimension: value}),
            _pct(r["clearance_rate"]),
        ])
    return t


def groups_table(report: dict) -> Table:
    from congan.cases.models import CrimeGroup

    return _crime_rows_table("crime_groups", _("Crime group"), report["crime"]["by_group"],
                             CrimeGroup.choices, "crime_group")


def categories_table(report: dict) -> Table:
    from congan.cases.models import Category

    return _crime_rows_table("crime_categories", _("Category"), report["crime"]["by_category"],
                             Category.choices, "category")


def traffic_table(report: dict) -> Table:
    tr = report["traffic"]
    t = Table("traffic", _("Traffic accidents"),
              [_("Indicator"), _("This period"), _("Same period last year"), _("Change")])
    for name in ("accidents", "deaths", "injuries"):
        key = f"traffic.{name}"
        t.rows.append([_text(str(MEASURES[key].label)), _count(tr[name], key),
                       _count(tr["previous"][name], key, previous=True), _pct(tr["change"][name])])
    return t


def weapons_table(report: dict) -> Table:
    from congan.campaigns.models import ItemType

    t = Table("weapons", str(MEASURES["weapons.quantity"].label), [_("Item type"), _("Quantity")])
    for item, quantity in report["weapons"].items():
        t.rows.append([_text(_label(ItemType.choices, item)), _count(quantity, "weapons.quantity", item_type=item)])
    return t


def wanted_table(report: dict) -> Table:
    t = Table("wanted", _("Wanted persons"), [_("Indicator"), _("Persons")])
    for name in ("listed", "arrested", "surrendered", "removed"):
        key = f"wanted.{name}"
        t.rows.append([_text(str(MEASURES[key].label)), _count(report["wanted"][name], key)])
    return t


def population_table(report: dict) -> Table:
    ids, pop = report["id_cards"], report["population_data"]
    t = Table("population", _("Population data and ID cards"), [_("Indicator"), _("Value")])
    t.rows = [
        [_text(_("Residents eligible for an ID card")), _count(ids["eligible"])],
        [_text(_("ID-card applications collected")), _count(ids["applications"])],
        [_text(_("Collection rate")), _pct(ids["collection_rate"])],
        [_text(str(MEASURES["population.records"].label)), _count(pop["records"], "population.records")],
        [_text(_("Population records cleansed")), _count(pop["cleaned"])],
        [_text(_("Cleansing rate")), _pct(pop["cleansing_rate"])],
    ]
    return t


def breakdown_table(report: dict) -> Table:
    b = report["breakdown"]
    title = _("By district (before 1 July 2025)") if b["cut"] == unitdata.LEGACY else _("By ward (since 1 July 2025)")
    t = Table("breakdown", title, [_("Unit"), _("Detected"), _("Cleared"), _("Clear-up rate"),
                                   _("Accidents"), _("Deaths"), _("Injuries")])
    for r in b["rows"]:
        name = r["name"]
        if r["era"] != b["cut"]:
            name = f"{name} ({era_label(r['era'])})"
        bucket = {"bucket": r["unit_id"], "cut": b["cut"]}
        t.rows.append([
            _text(name),
            Cell(w.number(r["detected"]), {"kpi": "crime.detected", "previous": False, "slice": {}, **bucket}),
            Cell(w.number(r["cleared"]), {"kpi": "crime.cleared", "previous": False, "slice": {}, **bucket}),
            _pct(r["clearance_rate"]),
            Cell(w.number(r["accidents"]), {"kpi": "traffic.accidents", "previous": False, "slice": {}, **bucket}),
            Cell(w.number(r["deaths"]), {"kpi": "traffic.deaths", "previous": False, "slice": {}, **bucket}),
            Cell(w.number(r["injuries"]), {"kpi": "traffic.injuries", "previous": False, "slice": {}, **bucket}),
        ])
    return t


def tables(report: dict) -> list[Table]:
    return [crime_table(report), groups_table(report), categories_table(report), traffic_table(report),
            weapons_table(report), wanted_table(report), population_table(report), breakdown_table(report)]


def sentences(report: dict) -> list[tuple[str, str]]:
    """The figures in sentences, one (heading, text) per section, as a review report words them."""
    from congan.campaigns.models import ItemType

    c, tr = report["crime"], report["traffic"]
    crime = _("%(detected)s criminal cases were detected; %(cleared)s/%(detected)s cases were cleared, "
              "a clear-up rate of %(rate)s") % {
        "detected": w.number(c["detected"]), "cleared": w.number(c["cleared"]), "rate": w.percent(c["clearance_rate"])}
    vs = w.against_target(c["clearance_rate"], c["target_clearance_rate"])
    crime += (f", {vs}" if vs else "") + ". "
    crime += _("Very serious and especially serious cases: %(cleared)s/%(detected)s cleared, "
               "a rate of %(rate)s.") % {
        "cleared": w.number(c["serious_cleared"]), "detected": w.number(c["serious_detected"]),
        "rate": w.percent(c["serious_clearance_rate"])}
    crime += " " + _("Solved %(cleared)s cases, arrested %(arrested)s suspects, prosecuted %(prosecuted)s "
                     "accused; broke up %(operations)s major investigation plans.") % {
        "cleared": w.number(c["cleared"]), "arrested": w.number(c["suspects_arrested"]),
        "prosecuted": w.number(c["suspects_prosecuted"]), "operations": w.number(c["operations_broken"])}
    traffic = _("There were %(accidents)s traffic accidents, killing %(deaths)s and injuring %(injuries)s "
                "people; against the same period last year, accidents are %(c_acc)s, deaths %(c_deaths)s, "
                "injuries %(c_inj)s.") % {
        "accidents": w.number(tr["accidents"]), "deaths": w.number(tr["deaths"]),
        "injuries": w.number(tr["injuries"]), "c_acc": w.trend(tr["change"]["accidents"]),
        "c_deaths": w.trend(tr["change"]["deaths"]), "c_inj": w.trend(tr["change"]["injuries"])}
    items = [f"{w.number(q)} {_label(ItemType.choices, k).lower()}" for k, q in report["weapons"].items() if q]
    weapons = (_("Handed in: %(items)s.") % {"items": "; ".join(items)}) if items else _(
        "No weapons, explosives or support tools were handed in.")
    wd = report["wanted"]
    wanted = _("%(listed)s persons were newly listed as wanted; %(arrested)s were arrested, %(surrendered)s "
               "surrendered and %(removed)s were removed from the list.") % {
        k: w.number(v) for k, v in wd.items()}
    ids, pop = report["id_cards"], report["population_data"]
    population = ""
    if ids["eligible"] is not None:
        population = _("ID-card applications collected: %(applications)s/%(eligible)s, %(rate)s. ") % {
            "applications": w.number(ids["applications"]), "eligible": w.number(ids["eligible"]),
            "rate": w.percent(ids["collection_rate"])}
    if pop["cleansing_rate"] is None:
        population += _("Population records: %(records)s; cleansing results are not available yet.") % {
            "records": w.number(pop["records"])}
    else:
        population += _("Population records: %(records)s, of which %(cleaned)s cleansed (%(rate)s).") % {
            "records": w.number(pop["records"]), "cleaned": w.number(pop["cleaned"]),
            "rate": w.percent(pop["cleansing_rate"])}
    return [
        (_("Crime"), crime),
        (_("Traffic accidents"), traffic),
        (_("Weapons, explosives and support tools"), weapons),
        (_("Wanted persons"), wanted),
        (_("Population data and ID cards"), population),
    ]


def footnotes(report: dict) -> list[str]:
    """What the report was built from, and how the headline figures are defined."""
    b = report["built"]
    records = b["records"]
    source = report.get("previous_source", {})
    filed = [_("Same period last year: the figures as filed on %(at)s (version %(version)s), not as the "
               "records stand today.") % {"at": w.day(date.fromisoformat(source["filed_at"][:10])),
                                          "version": source["version"]}] if source.get("kind") == "filed" else []
    return [*filed,
        _("Built %(at)s for %(unit)s (%(units)s administrative units of both structures) from: "
          "%(cases)s cases, %(accidents)s accidents, %(receipts)s hand-in receipts, %(listed)s wanted "
          "notices and %(changes)s wanted status changes in the period; %(residents)s resident records.") % {
            "at": b["at"].replace("T", " "), "unit": b["unit"]["name"], "units": w.number(b["unit_count"]),
            "cases": w.number(records["cases"]), "accidents": w.number(records["accidents"]),
            "receipts": w.number(records["weapon_receipts"]), "listed": w.number(records["wanted_listed"]),
            "changes": w.number(records["wanted_status_changes"]), "residents": w.number(records["residents"])},
        _("Clear-up rate: of the cases detected in the period, those cleared by the period's last day, "
          "divided by the cases detected in the period; a case cleared after the period ends is not "
          "counted as cleared in it."),
        _("Same-period change = (this period − same period last year) ÷ same period last year; "
          "none when last year's figure is zero."),
    ]
