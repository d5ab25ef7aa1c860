"""The report as a Word document laid out per Decree 30/2020/NĐ-CP (Annex I), for the office to edit.

A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the parent
body and issuing body top left, the national name (on one line) and tagline top right; number
and symbol; place and date in italics; the title "BÁO CÁO"; the figures in sentences and tables,
charts as images; the signer's block and "Nơi nhận:" ending "Lưu: VT…" as one row that never
splits; page numbers centred at the top from page 2. Who issues, signs and receives it follows
from the unit (`reports.issuer`). Table header rows repeat on each page, rows never split,
headings stay with what follows; tables wider than five columns go to a landscape annex
("PHỤ LỤC"). Always Vietnamese: it is an official document.
"""

from __future__ import annotations

import io
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from congan.org.models import AdminUnit
from congan.reports import issuer
from congan.reports.render import charts, tables

FONT = "Times New Roman"
NATIONAL_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TAGLINE = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# Letterhead columns: the right one holds the national name at 12 pt bold on one line (8.8 cm of
# text as LibreOffice sets it, plus the cell margins); the left one the bodies at 13 pt, a long
# name broken after its kind (issuer.header_lines); 16.5 cm of text width in all.
LETTERHEAD = (Cm(7.1), Cm(9.4))
PORTRAIT_TEXT, LANDSCAPE_TEXT = Cm(16.5), Cm(25.2)
WIDE_COLUMNS = 5  # a table with more columns goes to the landscape annex

def _set_font(run, size: float, *, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(container, text: str = "", size: float = 14, *, bold=False, italic=False, align=None,
          indent: bool = False, space_after: float = 0):
    p = container.add_paragraph()
    if text:
        _set_font(p.add_run(text), size, bold=bold, italic=italic)
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Cm(1)
    return p


def _cell_para(cell, text: str, size: float, **kwargs):
    """Write into a table cell, reusing its empty first paragraph."""
    first = cell.paragraphs[0]
    p = first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()
    if text:
        _set_font(p.add_run(text), size, bold=kwargs.get("bold", False), italic=kwargs.get("italic", False))
    p.alignment = kwargs.get("align", WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    return p


def _rule(paragraph, width_chars: int):
    """The short line under the issuing body and the tagline (a bottom border on a short run)."""
    _set_font(paragraph.add_run("\n" + "—" * width_chars), 8)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _page_number_header(section):
    """Page numbers centred at the top, not on the first page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)


def _widths(table, widths):
    """Fixed column widths in the grid and every cell (LibreOffice reads the grid, Word the cells)."""
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    table.autofit = False
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(sum(w.twips for w in widths))))
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _row_flags(row, *, header: bool = False):
    """A row never splits across pages; a header row repeats on each page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _no_wrap(cell):
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(OxmlElement("w:noWrap"))


def _keep(paragraph):
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _letterhead(doc, who: issuer.Issuer, details: issuer.Details, built_at: datetime):
    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(head, LETTERHEAD)
    left, right = head.rows[0].cells
    for line in issuer.header_lines(who.parent_body):
        _cell_para(left, line, 13)
    for line in issuer.header_lines(who.body):
        p = _cell_para(left, line, 13, bold=True)
    _rule(p, 8)
    _cell_para(left, who.number_line(details.number), 13)
    _no_wrap(right)
    _cell_para(right, NATIONAL_MOTTO, 12, bold=True)
    p = _cell_para(right, TAGLINE, 13, bold=True)
    _rule(p, 12)
    on = details.issued_on or (timezone.localtime(built_at) if timezone.is_aware(built_at) else built_at).date()
    _cell_para(right, f"{who.place}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}", 14,
               italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _table(doc, table: tables.Table, width):
    _keep(_para(doc, table.title, 13, bold=True, space_after=3))
    t = doc.add_table(rows=1, cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    first = Emu(int(width * (0.4 if len(table.columns) > WIDE_COLUMNS else 0.46)))
    rest = Emu(int((width - first) / (len(table.columns) - 1)))
    _widths(t, [first, *([rest] * (len(table.columns) - 1))])
    _row_flags(t.rows[0], header=True)
    for cell, title in zip(t.rows[0].cells, table.columns, strict=True):
        _cell_para(cell, title, 12, bold=True)
    for row in table.rows:
        added = t.add_row()
        _row_flags(added)
        for cell, value in zip(added.cells, row, strict=True):
            align = WD_ALIGN_PARAGRAPH.RIGHT if value.num else WD_ALIGN_PARAGRAPH.LEFT
            _cell_para(cell, value.text, 12, align=align, bold=value.bold)
    for note in table.notes:
        _para(doc, note, 11, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=2)
    _para(doc, "", 8)


def _signature(doc, who: issuer.Issuer, details: issuer.Details):
    """"Nơi nhận:" on the left, the signer on the right, as one row that never splits."""
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _widths(t, (Cm(8.0), Cm(8.5)))
    _row_flags(t.rows[0])
    left, right = t.rows[0].cells
    _cell_para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in who.recipients:
        _cell_para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in who.signer_title:
        _cell_para(right, line, 14, bold=True)
    _cell_para(right, "(Ký, ghi rõ họ tên, đóng dấu)", 13, italic=True)
    for _i in range(3):
        _cell_para(right, "", 14)
    _cell_para(right, details.signer_name, 14, bold=True)


def _section(doc, *, landscape: bool):
    section = doc.sections[0] if not landscape else doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long_ = Mm(210), Mm(297)
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    if landscape:
        section.different_first_page_header_footer = False
    else:
        _page_number_header(section)
    return section


def render(report: dict, *, period_label: str, who: issuer.Issuer | None = None,
           details: issuer.Details | None = None) -> bytes:
    """The document of the report's unit (`reports.issuer`), with the number, signer and date the
    office saved for it unless given."""
    if who is None or details is None:
        unit = AdminUnit.objects.get(pk=report["built"]["unit"]["id"])
        who = who or issuer.issuer_for(unit)
        details = details or issuer.details_for(unit)
    with translation.override("vi"):
        return _render(report, period_label=period_label, who=who, details=details)


def _render(report: dict, *, period_label: str, who: issuer.Issuer, details: issuer.Details) -> bytes:
    built_at = datetime.fromisoformat(report["built"]["at"])
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr()
    _section(doc, landscape=False)

    _letterhead(doc, who, details, built_at)
    _para(doc, "", 8)
    _keep(_para(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER))
    _para(doc, _("Statistics of %(period)s — %(unit)s") % {
        "period": period_label[:1].lower() + period_label[1:], "unit": report["built"]["unit"]["name"]}, 14, bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)

    for label, (heading, text) in zip(ROMAN, tables.sentences(report), strict=False):
        _keep(_para(doc, f"{label}. {heading.upper()}", 14, bold=True, space_after=3))
        _para(doc, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, space_after=6)

    all_tables = tables.tables(report)
    narrow = [t for t in all_tables if len(t.columns) <= WIDE_COLUMNS]
    wide = [t for t in all_tables if len(t.columns) > WIDE_COLUMNS]
    _keep(_para(doc, _("STATISTICS TABLES"), 14, bold=True, space_after=6))
    for table in narrow:
        _table(doc, table, PORTRAIT_TEXT)
    if wide:
        _para(doc, _("The tables by unit are in the annex.") , 13, italic=True, space_after=6)

    _keep(_para(doc, _("CHARTS"), 14, bold=True, space_after=6))
    for number, (name, make) in enumerate(charts.CHARTS.items(), start=1):
        doc.add_picture(io.BytesIO(charts.png(make(report))), width=Cm(16))
        _keep(doc.paragraphs[-1]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        _para(doc, _("Chart %(number)s: %(title)s") % {"number": number, "title": charts.title(name, report)}, 12,
              italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)

    _keep(_para(doc, _("Sources and definitions"), 12, bold=True, space_after=3))
    for note in tables.footnotes(report):
        _keep(_para(doc, note, 11, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=3))
    _keep(_para(doc, "", 12))
    _signature(doc, who, details)

    if wide:
        _section(doc, landscape=True)
        _keep(_para(doc, _("ANNEX"), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER))
        reference = who.number_line(details.number).replace("Số: ", "số ")
        _para(doc, _("(Attached to the report %(number)s)") % {"number": reference}, 13,
              italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        for table in wide:
            _table(doc, table, LANDSCAPE_TEXT)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
