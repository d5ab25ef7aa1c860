"""The Word document as LibreOffice lays it out, page by page (Decree 30 on every page).

Renders the .docx to PDF with LibreOffice headless and reads the pages back with pdftotext and
pdfinfo: the national name on one line, no page ending in a lone heading, the signature block
never alone, table header rows on every page a table runs onto, the annex in landscape.
"""

import os
import re
import shutil
import subprocess

import pytest
from django.utils import translation

from congan.org.models import AdminUnit
from congan.reports import issuer
from congan.reports.render import tables
from tests.org.factories import unit

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="LibreOffice (soffice) or poppler-utils not installed: apt-get install libreoffice-writer-nogui "
           "poppler-utils fonts-liberation (.ci/run installs them)")

SIGNATURE_NOTE = "(Ký, ghi rõ họ tên, đóng dấu)"


def _pdf(content: bytes, tmp_path, name: str):
    src = tmp_path / f"{name}.docx"
    src.write_bytes(content)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, timeout=240, capture_output=True)
    pdf = tmp_path / f"{name}.pdf"
    if os.environ.get("CONGAN_KEEP_PDF"):
        shutil.copy(pdf, os.environ["CONGAN_KEEP_PDF"] + f"/{name}.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = [[line.rstrip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    pages = [p for p in pages if p]
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(len(pages)), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    sizes = [tuple(map(float, m)) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    return pages, sizes


def _body(page: list[str]) -> list[str]:
    """A page's lines without the page number printed at its top."""
    return [line for line in page if not re.fullmatch(r"\s*\d+\s*", line)]


def _check(report: dict, pages, sizes, signer: str):
    with translation.override("vi"):
        report_tables = tables.tables(report)
        headings = {t.title for t in report_tables} | {h.upper() for h, _ in tables.sentences(report)} | {
            "BẢNG SỐ LIỆU THỐNG KÊ", "BIỂU ĐỒ", "PHỤ LỤC", "Nguồn số liệu và cách tính"}
    # the national name on one line, beside the issuing body
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in pages[0])
    who = issuer.issuer_for(AdminUnit.objects.get(pk=report["built"]["unit"]["id"]))
    for line in issuer.header_lines(who.body):  # broken, if at all, after its kind ("CÔNG AN THÀNH PHỐ")
        assert any(line in text for text in pages[0]), f"{line!r} is not on one line"
    # no page ends with a heading whose text went on to the next page
    for number, page in enumerate(pages, start=1):
        last = _body(page)[-1].strip()
        assert not any(re.fullmatch(r"([IVX]+\. )?" + re.escape(h), last) for h in headings), (
            f"page {number} ends with the heading {last!r}")
    # the signature block never stands alone on a page
    [sign_page] = [p for p in pages if any(SIGNATURE_NOTE in line for line in p)]
    assert any("Nơi nhận:" in line for line in sign_page) and any(signer in line for line in sign_page)
    signature_lines = [i for i, line in enumerate(_body(sign_page)) if "Nơi nhận:" in line][0]
    assert signature_lines > 0, "the signature block is alone on its page"
    # a page that carries on a table starts with the table's header row, never with a bare row
    all_labels = "|".join(re.escape(row[0].text) for t in report_tables for row in t.rows if len(row[0].text) > 3)
    bare_row = re.compile(rf"\s*({all_labels})(\s{{2,}}|$)")  # a label, then a gap of columns
    headers = [re.compile(re.escape(t.columns[0]) + r"\s+" + re.escape(t.columns[1].split()[0])) for t in report_tables]
    for number, page in enumerate(pages[1:], start=2):
        first = _body(page)[0]
        assert not bare_row.match(first), f"page {number} carries on a table without its header row: {first!r}"
    for number, (page, previous) in enumerate(zip(pages[1:], pages, strict=False), start=2):
        if bare_row.match(_body(previous)[-1]):  # the previous page ended inside a table
            assert any(h.search(_body(page)[0]) for h in headers), f"page {number}: no header row on top"
    # the annex is landscape, the rest portrait A4
    annex = next(i for i, p in enumerate(pages) if any(line.strip() == "PHỤ LỤC" for line in p))
    assert all(round(w) == 595 and round(h) == 842 for w, h in sizes[:annex])
    assert all(round(w) == 842 and round(h) == 595 for w, h in sizes[annex:])
    return annex


@pytest.mark.parametrize(("cut", "annex_pages"), [("2025", 3), ("legacy", 1)])
def test_the_citys_document_page_by_page(city_records, client_for, lanhdao, tmp_path, cut, annex_pages):
    client = client_for(lanhdao)
    query = {"unit": unit("92", "2025", "province").id, "kind": "police_year", "year": 2025, "cut": cut}
    docx = client.get("/reports/download/docx/", query).content
    report = client.get("/reports/download/json/", query).json()
    pages, sizes = _pdf(docx, tmp_path, f"city-{cut}")
    annex = _check(report, pages, sizes, "KT. GIÁM ĐỐC")
    # 103 wards (or the old districts of three provinces) and a total, in landscape with the header row
    assert len(pages) - annex >= annex_pages
    assert len(pages) <= annex + 6
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", line) for p in pages for line in p)  # no ISO timestamp
    assert any("điểm phần trăm" in line for p in pages for line in p)


def test_a_wards_document_page_by_page(city_records, client_for, anhoa, tmp_path):
    client = client_for(anhoa)
    query = {"unit": unit("31120").id, "kind": "police_year", "year": 2025}
    docx = client.get("/reports/download/docx/", query).content
    report = client.get("/reports/download/json/", query).json()
    pages, sizes = _pdf(docx, tmp_path, "an_hoa")
    _check(report, pages, sizes, "TRƯỞNG CÔNG AN PHƯỜNG")
    assert any("CÔNG AN PHƯỜNG AN HÒA" in line for line in pages[0])
