"""The report as Excel statistics tables with live formulas, ready to print.

One sheet per section (crime, crime groups, categories, traffic, weapons, wanted persons,
population and ID cards, by unit, by month) and the sources and definitions; each on A4 fitted
to the page width, its heading rows repeated on every printed page and frozen on screen; dates
as dates ("dd/mm/yyyy"), counts "#,##0", rates "0.00%", a difference of rates in points.

Counts are values; every rate, change and total is an Excel formula over the count cells, so
the office can correct a count and see the rates follow. Formats: "#,##0" and "0.00%" (Excel
shows them in the reader's locale: 1.234 and 92,00% in Vietnamese).
"""

from __future__ import annotations

import io
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from congan.reports import kpis
from congan.reports.kpis import MEASURES
from congan.reports.render import tables

COUNT, PERCENT, DATE = "#,##0", "0.00%", "dd/mm/yyyy"
_BOLD = Font(bold=True)


def _rate(num: str, den: str) -> str:
    return f'=IF({den}=0,"",{num}/{den})'


def _change(this: str, last: str) -> str:
    return f'=IF({last}=0,"",({this}-{last})/{last})'


class _Sheet:
    """One section per sheet, ready to print: A4, fitted to the page width, the heading rows
    repeated on every printed page and frozen on screen."""

    def __init__(self, wb: Workbook, title: str, heading: str, first: bool = False, *, landscape: bool = False):
        self.ws = wb.active if first else wb.create_sheet()
        self.ws.title = title[:31]
        self.ws["A1"] = heading
        self.ws["A1"].font = Font(bold=True, size=13)
        self.row = 3
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as needed
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left, ws.page_margins.right = 0.8, 0.6
        ws.oddFooter.center.text = "&P/&N"

    def header(self, *titles: str):
        for col, title in enumerate(titles, start=1):
            cell = self.ws.cell(self.row, col, title)
            cell.font = _BOLD
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
        if self.ws.freeze_panes is None:  # the first header: frozen on screen, repeated in print
            self.ws.freeze_panes = f"A{self.row + 1}"
            self.ws.print_title_rows = f"1:{self.row}"
        self.row += 1

    def put(self, *values, formats=()) -> int:
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(self.row, col, value)
            fmt = formats[col - 1] if col - 1 < len(formats) else None
            if fmt:
                cell.number_format = fmt
        self.row += 1
        return self.row - 1

    def widths(self, *widths: int):
        for col, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(col)].width = width


def _compared_header(s: _Sheet):
    s.header(_("Indicator"), _("This period"), _("Same period last year"), _("Change"))


_FMTS = (None, COUNT, COUNT, PERCENT)
POINTS = '+0.00;-0.00;0.00'  # a difference of rates, in percentage points


def _compared(s: _Sheet, label: str, now, last) -> int:
    r = s.put(label, now, last, None, formats=_FMTS)
    s.ws[f"D{r}"] = _change(f"B{r}", f"C{r}")
    return r


def _crime(wb, report, heading: str):
    c = report["crime"]
    s = _Sheet(wb, _("Crime"), heading, first=True)
    _compared_header(s)
    det = _compared(s, str(MEASURES["crime.detected"].label), c["detected"], c["previous"]["detected"])
    clr = _compared(s, str(MEASURES["crime.cleared"].label), c["cleared"], c["previous"]["cleared"])
    rate = s.put(_("Clear-up rate"), _rate(f"B{clr}", f"B{det}"), _rate(f"C{clr}", f"C{det}"),
                 formats=(None, PERCENT, PERCENT))
    target = s.put(_("Target clear-up rate"), c["target_clearance_rate"], formats=(None, PERCENT))
    s.put(_("Above (+) or below (−) the target, in percentage points"),
          f'=IF(OR(B{rate}="",B{target}=""),"",(B{rate}-B{target})*100)', formats=(None, POINTS))
    sdet = s.put(str(MEASURES["crime.serious_detected"].label), c["serious_detected"], formats=_FMTS)
    sclr = s.put(str(MEASURES["crime.serious_cleared"].label), c["serious_cleared"], formats=_FMTS)
    s.put(_("Clear-up rate of serious cases"), _rate(f"B{sclr}", f"B{sdet}"), formats=(None, PERCENT))
    for name in ("suspects_arrested", "suspects_prosecuted", "operations_broken"):
        _compared(s, str(MEASURES[f"crime.{name}"].label), c[name], c["previous"][name])
    s.widths(48, 16, 22, 14)


def _traffic(wb, report, heading: str):
    tr = report["traffic"]
    s = _Sheet(wb, _("Traffic accidents"), heading)
    _compared_header(s)
    for name in ("accidents", "deaths", "injuries"):
        _compared(s, str(MEASURES[f"traffic.{name}"].label), tr[name], tr["previous"][name])
    s.widths(48, 16, 22, 14)


def _wanted(wb, report, heading: str):
    s = _Sheet(wb, _("Wanted persons"), heading)
    s.header(_("Indicator"), pgettext("wanted persons table", "Persons"))
    for name in ("listed", "arrested", "surrendered", "removed"):
        s.put(str(MEASURES[f"wanted.{name}"].label), report["wanted"][name], formats=_FMTS)
    s.widths(48, 16)


def _population(wb, report, heading: str):
    ids, pop = report["id_cards"], report["population_data"]
    s = _Sheet(wb, _("Population data and ID cards"), heading)
    s.header(_("Indicator"), _("Value"))
    elig = s.put(_("Residents eligible for an ID card"), ids["eligible"], formats=_FMTS)
    apps = s.put(_("ID-card applications collected"), ids["applications"], formats=_FMTS)
    s.put(_("Collection rate"), _rate(f"B{apps}", f"B{elig}"), formats=(None, PERCENT))
    recs = s.put(str(MEASURES["population.records"].label), pop["records"], formats=_FMTS)
    cleaned = s.put(_("Population records cleansed"), pop["cleaned"], formats=_FMTS)
    s.put(_("Cleansing rate"), _rate(f"B{cleaned}", f"B{recs}") if pop["cleansing_rate"] is not None else None,
          formats=(None, PERCENT))
    s.widths(48, 16)


def _crime_rows(wb, title: str, rows: dict, choices):
    s = _Sheet(wb, title, title)
    s.header(title, _("Detected"), _("Cleared"), _("Clear-up rate"))
    first = s.row
    labels = dict(choices)
    for value, counts in rows.items():
        r = s.put(str(labels.get(value, value)), counts["detected"], counts["cleared"], formats=(None, COUNT, COUNT))
        s.ws[f"D{r}"] = _rate(f"C{r}", f"B{r}")
        s.ws[f"D{r}"].number_format = PERCENT
    last = s.row - 1
    total = s.put(_("Total"), f"=SUM(B{first}:B{last})", f"=SUM(C{first}:C{last})", formats=(None, COUNT, COUNT))
    s.ws[f"D{total}"] = _rate(f"C{total}", f"B{total}")
    s.ws[f"D{total}"].number_format = PERCENT
    for col in "ABCD":
        s.ws[f"{col}{total}"].font = _BOLD
    s.widths(40, 14, 14, 16)


def _weapons(wb, report, table: tables.Table):
    s = _Sheet(wb, _("Weapons"), table.title)
    s.header(_("Item type"), _("Quantity"))
    for row, quantity in zip(table.rows, report["weapons"].values(), strict=True):
        s.put(row[0].text, quantity, formats=(None, "#,##0.###"))
    s.widths(44, 14)


def _breakdown(wb, report, table: tables.Table):
    """The table as on the page (one structure, the "other" row, notes); counts as values and the
    total as sums, equal to the report's figures."""
    s = _Sheet(wb, _("By unit"), table.title, landscape=True)
    s.header(*table.columns)
    first = s.row
    for cells in table.rows[:-1]:  # the last row is the total, written as formulas below
        counts = [c.value for c in (cells[1], cells[2], cells[4], cells[5], cells[6])]
        row = s.put(cells[0].text, counts[0], counts[1], None, *counts[2:],
                    formats=(None, COUNT, COUNT, PERCENT, COUNT, COUNT, COUNT))
        s.ws[f"D{row}"] = _rate(f"C{row}", f"B{row}")
    last = s.row - 1
    total = s.put(_("Total"), *(f"=SUM({c}{first}:{c}{last})" if c != "D" else None for c in "BCDEFG"),
                  formats=(None, COUNT, COUNT, PERCENT, COUNT, COUNT, COUNT))
    s.ws[f"D{total}"] = _rate(f"C{total}", f"B{total}")
    for col in "ABCDEFG":
        s.ws[f"{col}{total}"].font = _BOLD
    for note in table.notes:
        s.put(note)
    s.widths(44, 12, 12, 14, 12, 12, 12)


def _monthly(wb, report):
    s = _Sheet(wb, _("By month"), _("Monthly trend"))
    s.header(_("From"), _("To"), _("Detected"), _("Cleared"), _("Clear-up rate"), _("Accidents"),
             _("Deaths"), _("Injuries"))
    for m in report["monthly"]:
        r = s.put(date.fromisoformat(m["start"]), date.fromisoformat(m["end"]), m["detected"], m["cleared"], None,
                  m["accidents"], m["deaths"], m["injuries"],
                  formats=(DATE, DATE, COUNT, COUNT, PERCENT, COUNT, COUNT, COUNT))
        s.ws[f"E{r}"] = _rate(f"D{r}", f"C{r}")
    s.widths(12, 12, 12, 12, 14, 12, 12, 12)


def _sources(wb, report):
    s = _Sheet(wb, _("Sources"), _("Sources and definitions"))
    for note in tables.footnotes(report):
        s.put(note)
    s.row += 1
    s.header(_("Indicator"), _("Definition"))
    for key, text in report["built"]["definitions"].items():
        s.put(kpis.label(key), text)
    s.widths(32, 120)


def render(report: dict, *, period_label: str, language: str = "vi") -> bytes:
    with translation.override(language):
        wb = Workbook()
        from congan.cases.models import Category, CrimeGroup

        unit = report["built"]["unit"]["name"]
        _crime(wb, report, f"{unit} — {period_label} — {_('Crime')}")
        _crime_rows(wb, _("Crime group"), report["crime"]["by_group"], CrimeGroup.choices)
        _crime_rows(wb, _("Category"), report["crime"]["by_category"], Category.choices)
        _traffic(wb, report, f"{unit} — {period_label} — {_('Traffic accidents')}")
        _weapons(wb, report, tables.weapons_table(report))
        _wanted(wb, report, f"{unit} — {period_label} — {_('Wanted persons')}")
        _population(wb, report, f"{unit} — {period_label} — {_('Population data and ID cards')}")
        _breakdown(wb, report, tables.breakdown_table(report))
        _monthly(wb, report)
        _sources(wb, report)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
