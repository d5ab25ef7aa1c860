"""A document per issuing unit: body and parent by level and era, symbol, signer, recipients;
the number, signer's name and date the office fills in, remembered per unit."""

import io
from datetime import date

import pytest
from docx import Document

from congan import units as unitdata
from congan.org.models import AdminUnit, AuditEntry
from congan.reports.issuer import issuer_for
from congan.reports.models import IssuerDetails
from tests.org.factories import unit


@pytest.mark.django_db
def test_the_issuing_body_follows_level_and_era():
    city = issuer_for(unit("92", "2025", "province"))
    assert (city.parent_body, city.body, city.symbol) == ("BỘ CÔNG AN", "CÔNG AN THÀNH PHỐ CẦN THƠ", "BC-CATP")
    assert city.signer_title == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") and city.place == "Cần Thơ"
    assert city.recipients[0] == "- Bộ Công an (để báo cáo);" and city.recipients[-1].startswith("- Lưu: VT")

    an_hoa = issuer_for(unit("31120"))  # before 1/7/2025: under the district police
    assert (an_hoa.parent_body, an_hoa.body) == ("CÔNG AN QUẬN NINH KIỀU", "CÔNG AN PHƯỜNG AN HÒA")
    assert (an_hoa.symbol, an_hoa.signer_title, an_hoa.place) == ("BC-CAP", ("TRƯỞNG CÔNG AN PHƯỜNG",), "An Hòa")
    assert an_hoa.recipients[0] == "- Công an quận Ninh Kiều (để báo cáo);"
    assert an_hoa.number_line("15") == "Số: 15/BC-CAP"

    ninh_kieu = issuer_for(unit("31135", "2025"))  # since 1/7/2025: under the city
    assert (ninh_kieu.parent_body, ninh_kieu.body) == ("CÔNG AN THÀNH PHỐ CẦN THƠ", "CÔNG AN PHƯỜNG NINH KIỀU")
    assert ninh_kieu.recipients[0] == "- Công an thành phố Cần Thơ (để báo cáo);"

    district = issuer_for(unit("916", level="district"))
    assert (district.parent_body, district.body, district.symbol) == (
        "CÔNG AN THÀNH PHỐ CẦN THƠ", "CÔNG AN QUẬN NINH KIỀU", "BC-CAQ")
    assert district.signer_title == ("TRƯỞNG CÔNG AN QUẬN",)
    county = AdminUnit.objects.filter(level=unitdata.DISTRICT, type="Huyện", province_code="92").first()
    assert issuer_for(county).symbol == "BC-CAH"
    assert issuer_for(county).signer_title == ("TRƯỞNG CÔNG AN HUYỆN",)
    commune = AdminUnit.objects.filter(level=unitdata.WARD, type="Xã", era="2025", province_code="92").first()
    assert issuer_for(commune).symbol == "BC-CAX"
    assert issuer_for(commune).parent_body == "CÔNG AN THÀNH PHỐ CẦN THƠ"


def _query(unit_obj):
    return {"unit": unit_obj.id, "kind": "police_year", "year": 2025}


def _letterhead(response):
    doc = Document(io.BytesIO(response.content))
    left, right = doc.tables[0].rows[0].cells
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text).rows[0].cells
    return doc, left.text, right.text, signature[0].text, signature[1].text


def test_a_ward_report_is_the_wards_document(city_records, client_for, anhoa):
    client = client_for(anhoa)
    an_hoa = unit("31120")
    _, left, right, recipients, signer = _letterhead(client.get("/reports/download/docx/", _query(an_hoa)))
    assert left.startswith("CÔNG AN QUẬN NINH KIỀU") and "CÔNG AN PHƯỜNG AN HÒA" in left and "/BC-CAP" in left
    assert "THÀNH PHỐ CẦN THƠ" not in left and "BC-CATP" not in left
    assert "An Hòa, ngày" in right
    assert "TRƯỞNG CÔNG AN PHƯỜNG" in signer and "GIÁM ĐỐC" not in signer
    assert "Công an quận Ninh Kiều (để báo cáo)" in recipients and "Bộ Công an" not in recipients
    for page in (client.get("/reports/", _query(an_hoa)), client.get("/reports/download/html/", _query(an_hoa))):
        header = page.content.decode().split('id="letterhead-issuer">', 1)[1].split("</p>", 1)[0]
        assert header == "CÔNG AN QUẬN NINH KIỀU<strong>CÔNG AN PHƯỜNG AN HÒA</strong>"


def test_number_signer_and_date_are_saved_per_unit_and_printed(city_records, client_for, anhoa):
    client = client_for(anhoa)
    an_hoa = unit("31120")
    page = client.get("/reports/", _query(an_hoa)).content.decode()
    assert 'id="issuer-form"' in page and "CÔNG AN PHƯỜNG AN HÒA" in page
    response = client.post("/reports/issuer/", {"unit": an_hoa.id, "number": "15", "signer_name": "Nguyễn Văn An",
                                                "issued_on": "2025-12-20", "next": f"unit={an_hoa.id}&year=2025"})
    assert response.status_code == 302 and response["Location"].endswith(f"?unit={an_hoa.id}&year=2025")
    saved = IssuerDetails.objects.get(unit=an_hoa)
    assert (saved.number, saved.signer_name, saved.issued_on) == ("15", "Nguyễn Văn An", date(2025, 12, 20))
    entry = AuditEntry.objects.get(object_type="reports.IssuerDetails", object_id=str(saved.pk))
    assert entry.detail["number"] == "15" and entry.detail["unit"] == "31120"
    _, left, right, _recipients, signer = _letterhead(client.get("/reports/download/docx/", _query(an_hoa)))
    assert "Số: 15/BC-CAP" in left
    assert "An Hòa, ngày 20 tháng 12 năm 2025" in right
    assert "Nguyễn Văn An" in signer
    # remembered: the form shows the saved values next time
    page = client.get("/reports/", _query(an_hoa)).content.decode()
    assert 'value="Nguyễn Văn An"' in page


def test_details_of_another_units_document_are_refused(city_records, client_for, chauvanliem):
    an_hoa = unit("31120")
    response = client_for(chauvanliem).post("/reports/issuer/", {"unit": an_hoa.id, "number": "99"})
    assert response.status_code == 404
    assert not IssuerDetails.objects.exists()
    denial = AuditEntry.objects.filter(object_type="org.AdminUnit").latest("pk")
    assert denial.detail["unit"] == str(an_hoa.id)


def test_a_bad_date_is_named_and_nothing_is_saved(city_records, client_for, anhoa):
    an_hoa = unit("31120")
    response = client_for(anhoa).post("/reports/issuer/", {"unit": an_hoa.id, "number": "1", "issued_on": "32/13/2025"},
                                      follow=True)
    assert not IssuerDetails.objects.exists()
    assert "Ngày ban hành" in response.content.decode()
