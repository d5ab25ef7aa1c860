"""The report as a Word document laid out per Decree 30/2020/NĐ-CP (Annex I), for the office to edit.

A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the parent
body and issuing body top left, the national motto and tagline top right; number and symbol;
place and date in italics; the title "BÁO CÁO"; the figures in sentences and tables, charts as
images; the signature block "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" and "Nơi nhận:" ending "Lưu: VT, …";
page numbers centred at the top from page 2. Always Vietnamese: it is an official document.
"""

from __future__ import annotations

import io
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from congan.reports.render import charts, tables

FONT = "Times New Roman"
PARENT_BODY = "BỘ CÔNG AN"
ISSUING_BODY = "CÔNG AN THÀNH PHỐ CẦN THƠ"
NATIONAL_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TAGLINE = "Độc lập - Tự do - Hạnh phúc"
PLACE = "Cần Thơ"
SYMBOL = "BC-CATP"
SIGNATURE = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
RECIPIENTS = ("- Bộ Công an (để báo cáo);", "- Ban Giám đốc CATP;", "- Các đơn vị nghiệp vụ;", "- Lưu: VT, PV01.")


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


def _letterhead(doc, built_at: datetime):
    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    _cell_para(left, PARENT_BODY, 13)
    p = _cell_para(left, ISSUING_BODY, 13, bold=True)
    _rule(p, 8)
    _cell_para(left, "Số:        /" + SYMBOL, 13)
    _cell_para(right, NATIONAL_MOTTO, 12, bold=True)
    p = _cell_para(right, TAGLINE, 13, bold=True)
    _rule(p, 12)
    local = timezone.localtime(built_at) if timezone.is_aware(built_at) else built_at
    _cell_para(right, f"{PLACE}, ngày {local.day:02d} tháng {local.month:02d} năm {local.year}", 14,
               italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _table(doc, table: tables.Table):
    _para(doc, table.title, 13, bold=True, space_after=3)
    t = doc.add_table(rows=1, cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(t.rows[0].cells, table.columns, strict=True):
        _cell_para(cell, title, 12, bold=True)
    for row in table.rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            align = WD_ALIGN_PARAGRAPH.RIGHT if value.num else WD_ALIGN_PARAGRAPH.LEFT
            _cell_para(cell, value.text, 12, align=align)
    _para(doc, "", 8)


def _signature(doc):
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    left, right = t.rows[0].cells
    _cell_para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in RECIPIENTS:
        _cell_para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in SIGNATURE:
        _cell_para(right, line, 14, bold=True)
    for _i in range(3):
        _cell_para(right, "", 14)
    _cell_para(right, "(Ký, ghi rõ họ tên, đóng dấu)", 13, italic=True)


def render(report: dict, *, period_label: str) -> bytes:
    with translation.override("vi"):
        return _render(report, period_label=period_label)


def _render(report: dict, *, period_label: str) -> bytes:
    built_at = datetime.fromisoformat(report["built"]["at"])
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    _page_number_header(section)

    _letterhead(doc, built_at)
    _para(doc, "", 8)
    _para(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, _("Statistics of %(period)s — %(unit)s") % {
        "period": period_label[:1].lower() + period_label[1:], "unit": report["built"]["unit"]["name"]}, 14, bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)

    for label, (heading, text) in zip(ROMAN, tables.sentences(report), strict=False):
        _para(doc, f"{label}. {heading.upper()}", 14, bold=True, space_after=3)
        _para(doc, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, space_after=6)

    _para(doc, _("STATISTICS TABLES"), 14, bold=True, space_after=6)
    for table in tables.tables(report):
        _table(doc, table)

    _para(doc, _("CHARTS"), 14, bold=True, space_after=6)
    for make in charts.CHARTS.values():
        doc.add_picture(io.BytesIO(charts.png(make(report))), width=Cm(16))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    _para(doc, _("Sources and definitions"), 12, bold=True, space_after=3)
    for note in tables.footnotes(report):
        _para(doc, note, 11, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=3)
    _para(doc, "", 12)
    _signature(doc)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
