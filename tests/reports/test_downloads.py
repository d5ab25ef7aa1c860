"""The downloads read back: JSON with the contract's keys, Word per Decree 30, Excel with live formulas."""

import io
import json
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.org.factories import unit

CONTRACT = {
    "unit", "period", "previous_period", "crime", "traffic", "weapons", "wanted", "id_cards", "population_data"}


@pytest.fixture
def city_download(city_records, client_for, lanhdao):
    client = client_for(lanhdao)

    def get(fmt, **params):
        query = {"unit": unit("92", "2025", "province").id, "kind": "police_year", "year": 2025, **params}
        response = client.get(f"/reports/download/{fmt}/", query)
        assert response.status_code == 200
        return response

    return get


def test_json_has_the_contract_keys_with_fractions(city_download):
    data = json.loads(city_download("json").content)
    assert set(data) >= CONTRACT
    assert data["unit"] == "92"
    assert data["period"] == {"start": "2024-12-15", "end": "2025-12-14"}
    assert data["previous_period"] == {"start": "2023-12-15", "end": "2024-12-14"}
    assert {"detected", "cleared", "clearance_rate", "target_clearance_rate", "serious_detected",
            "serious_cleared", "serious_clearance_rate", "by_category", "suspects_arrested",
            "suspects_prosecuted", "operations_broken"} <= set(data["crime"])
    assert (data["crime"]["suspects_arrested"], data["crime"]["suspects_prosecuted"]) == (3, 2)
    assert data["crime"]["operations_broken"] == 2
    assert data["crime"]["clearance_rate"] == 0.5 and data["crime"]["target_clearance_rate"] == 0.75
    assert set(data["traffic"]["previous"]) == set(data["traffic"]["change"]) == {"accidents", "deaths", "injuries"}
    assert data["traffic"]["change"]["deaths"] == -0.5
    assert set(data["wanted"]) == {"listed", "arrested", "surrendered", "removed"}
    assert set(data["id_cards"]) == {"eligible", "applications", "collection_rate"}
    assert set(data["population_data"]) == {"records", "cleaned", "cleansing_rate"}
    assert data["built"]["records"]["cases"] == 4 and data["built"]["at"]


def test_word_document_follows_decree_30(city_download):
    doc = Document(io.BytesIO(city_download("docx").content))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and not section.first_page_header.paragraphs[0].text
    head = doc.tables[0]
    left, right = " ".join(head.rows[0].cells[0].text.split()), head.rows[0].cells[1].text
    assert left.startswith("BỘ CÔNG AN") and "CÔNG AN THÀNH PHỐ CẦN THƠ" in left and "/BC-CATP" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    place = next(p for p in head.rows[0].cells[1].paragraphs if p.text.startswith("Cần Thơ, ngày"))
    assert all(r.italic for r in place.runs)
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    body = "\n".join(texts)
    assert "Phát hiện 4 vụ phạm tội; điều tra làm rõ 2/4 vụ, đạt 50,00%, thấp hơn chỉ tiêu 25,00 điểm phần trăm." in body
    assert "số vụ tăng 100,00%, số người chết giảm 50,00%" in body
    assert "Khám phá 2 vụ, bắt 3 đối tượng, khởi tố 2 bị can; phá 2 chuyên án." in body
    crime = next(t for t in doc.tables if t.rows[0].cells[1].text == "Kỳ này")
    values = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in crime.rows[1:]}
    detected = next(v for k, v in values.items() if "phát hiện" in k.lower())
    assert detected[:2] == ["4", "1"]
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    assert "Nơi nhận:" in signature.rows[0].cells[0].text and "Lưu: VT" in signature.rows[0].cells[0].text
    assert "KT. GIÁM ĐỐC" in signature.rows[0].cells[1].text and "PHÓ GIÁM ĐỐC" in signature.rows[0].cells[1].text
    assert len(doc.inline_shapes) == 3  # the charts
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_excel_keeps_counts_as_values_and_rates_as_formulas(city_download):
    wb = load_workbook(io.BytesIO(city_download("xlsx", cut="legacy").content))
    ws = wb.worksheets[0]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    det = next(r for k, r in rows.items() if "phát hiện" in str(k).lower() and "nghiêm trọng" not in str(k).lower())
    clr = next(r for k, r in rows.items() if "làm rõ" in str(k).lower() and "nghiêm trọng" not in str(k).lower())
    assert (ws[f"B{det}"].value, ws[f"C{det}"].value) == (4, 1)
    assert ws[f"B{clr}"].value == 2
    rate_row = rows["Tỷ lệ điều tra làm rõ"]
    assert ws[f"B{rate_row}"].value == f'=IF(B{det}=0,"",B{clr}/B{det})'
    assert ws[f"B{rate_row}"].number_format == "0.00%"
    assert ws[f"D{det}"].value == f'=IF(C{det}=0,"",(B{det}-C{det})/C{det})'
    by_unit = wb["Theo đơn vị"]
    total = by_unit.max_row
    assert by_unit[f"B{total}"].value.startswith("=SUM(B4:B")
    ninh_kieu = next(r for r in range(4, total) if by_unit.cell(r, 1).value == "Quận Ninh Kiều")
    assert by_unit[f"B{ninh_kieu}"].value == 3 and by_unit[f"C{ninh_kieu}"].value == 2
    assert by_unit[f"D{ninh_kieu}"].value == f'=IF(B{ninh_kieu}=0,"",C{ninh_kieu}/B{ninh_kieu})'


def test_print_layout_is_a_standalone_page(city_download):
    html = city_download("html", print=1).content.decode()
    assert html.startswith("<!doctype html>") and "@media print" in html and "@page" in html
    assert "<svg" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing fetched from the network


def test_charts_are_set_in_a_times_compatible_serif(city_records):
    from matplotlib.font_manager import findfont

    from congan.reports import periods
    from congan.reports.render import charts
    from congan.reports.services import build_report

    report = build_report(unit=unit("92", "2025", "province"), period=periods.police_year(2025))
    fig = charts.monthly_trend(report)
    title = fig.axes[0].title
    assert title.get_fontfamily()[0] == "Times New Roman"
    assert findfont(title.get_fontproperties()).rsplit("/", 1)[-1].startswith(("Times", "LiberationSerif"))
    assert "Times New Roman" in charts.svg(fig)
