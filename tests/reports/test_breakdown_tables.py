"""Honest breakdowns: one structure per table, a total equal to the report's figure, a note on a row
that holds only part of its unit; and the Excel workbook ready to print."""

import io
from datetime import date

import pytest
from django.utils import translation
from openpyxl import load_workbook

from congan import units as unitdata
from congan.org.models import UnitSuccession
from congan.reports import periods
from congan.reports.render import tables
from congan.reports.services import build_report
from tests.cases.factories import CaseFactory
from tests.org.factories import unit

YEAR = periods.police_year(2025)


def _spanning_ward():
    """A 2025 ward of the city made of old wards of more than one old district."""
    parents: dict = {}
    for new, old_parent in UnitSuccession.objects.filter(new__province_code="92").values_list(
            "new", "old__parent"):
        parents.setdefault(new, set()).add(old_parent)
    return next(new for new, p in sorted(parents.items()) if len(p) > 1)


@pytest.fixture
def city():
    return unit("92", "2025", "province")


def test_a_table_holds_one_structure_and_a_total_equal_to_the_report(city_records, city):
    from congan.org.models import AdminUnit

    spanning = AdminUnit.objects.get(pk=_spanning_ward())
    CaseFactory(detected_on=date(2025, 9, 1), unit_code=spanning.code, era="2025")
    report = build_report(unit=city, period=YEAR, cut=unitdata.LEGACY)
    with translation.override("vi"):
        table = tables.breakdown_table(report)
    names = [row[0].text for row in table.rows]
    *own, other, total = table.rows
    # the rows of the table are old districts only; the spanning 2025 ward is not one of them
    districts = {r["name"] for r in report["breakdown"]["rows"] if r["level"] == unitdata.DISTRICT}
    assert {row[0].text for row in own} <= districts and spanning.name not in names
    assert other[0].text == "Đơn vị theo cấu trúc khác (**)" and other[1].text == "1"
    assert any(spanning.name in note for note in table.notes)
    assert total[0].text == "Tổng cộng"
    assert total[1].value == report["crime"]["detected"] == 5
    assert total[2].value == report["crime"]["cleared"]
    assert total[4].value == report["traffic"]["accidents"]
    assert report["breakdown"]["total"]["detected"] == 5


def test_a_2025_ward_seen_from_an_old_ward_says_it_holds_only_part(city_records):
    an_hoa = unit("31120")
    report = build_report(unit=an_hoa, period=YEAR, cut=unitdata.Y2025)
    [row] = report["breakdown"]["rows"]
    assert row["name"] == "Phường Cái Khế" and row["partial"] and row["within"] == ["Phường An Hòa"]
    with translation.override("vi"):
        table = tables.breakdown_table(report)
    assert table.rows[0][0].text == "Phường Cái Khế (*)"
    assert table.notes == ["(*) Phường Cái Khế: chỉ tính phần thuộc phạm vi báo cáo này (Phường An Hòa)."]
    assert table.rows[-1][1].value == report["crime"]["detected"] == 1
    # the city sees the whole ward: no note
    city_rows = build_report(unit=unit("92", "2025", "province"), period=YEAR, cut=unitdata.Y2025)["breakdown"]["rows"]
    assert not next(r for r in city_rows if r["name"] == "Phường Cái Khế")["partial"]


def test_the_wanted_table_is_headed_as_persons_not_residents(city_records, city):
    report = build_report(unit=city, period=YEAR)
    with translation.override("vi"):
        assert tables.wanted_table(report).columns == ["Chỉ tiêu", "Số đối tượng"]


def test_the_workbook_is_ready_to_print(city_records, client_for, lanhdao):
    query = {"unit": unit("92", "2025", "province").id, "kind": "police_year", "year": 2025}
    wb = load_workbook(io.BytesIO(client_for(lanhdao).get("/reports/download/xlsx/", query).content))
    assert wb.sheetnames == ["Tình hình tội phạm", "Nhóm tội phạm", "Loại tội phạm", "Tai nạn giao thông",
                             "Vũ khí", "Đối tượng truy nã", "Dữ liệu dân cư và căn cước",
                             "Theo đơn vị", "Theo tháng", "Nguồn số liệu"]
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        if ws.title != "Nguồn số liệu":  # the definitions: notes, then the table's header
            assert ws.freeze_panes == "A4" and ws.print_title_rows == "$1:$3", ws.title
    assert wb["Theo đơn vị"].page_setup.orientation == "landscape"
    monthly = wb["Theo tháng"]
    assert monthly["A4"].value.date() == date(2024, 12, 15) and monthly["A4"].number_format == "dd/mm/yyyy"
    assert monthly["C4"].number_format == "#,##0" and monthly["E4"].number_format == "0.00%"
    crime = wb["Tình hình tội phạm"]
    points = next(r for r in range(4, crime.max_row + 1) if "điểm phần trăm" in str(crime.cell(r, 1).value))
    assert crime.cell(points, 2).value.endswith("*100)")
    by_unit = wb["Theo đơn vị"]
    total = next(r for r in range(4, by_unit.max_row + 1) if by_unit.cell(r, 1).value == "Tổng cộng")
    assert by_unit[f"B{total}"].value == f"=SUM(B4:B{total - 1})"
