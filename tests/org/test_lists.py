"""Every register's list: its total is the filtered selection's, it searches by number and by name
with or without diacritics, filters by the dimensions reports cut by, sorts by whitelisted columns,
and exports to Excel exactly the rows it selects (audited; personal columns only for those allowed)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from congan.cases.models import Severity
from congan.cases.views import CASES
from congan.org import listing
from congan.org.models import AuditEntry
from tests.campaigns.factories import WantedFactory
from tests.cases.factories import CaseFactory, SuspectFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


def sheet_of(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == listing.XLSX
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                    else response.content))
    return book.worksheets[0]


def rows_of(sheet) -> list[tuple]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


@pytest.fixture
def cases():
    """Cases of An Hòa (two very serious, one of them cleared; one less serious) and one of Ô Môn."""
    serious = CaseFactory(case_number="VA-ANHOA-1", severity=Severity.RAT_NGHIEM_TRONG, detected_on=date(2024, 3, 5))
    cleared = CaseFactory(case_number="VA-ANHOA-2", severity=Severity.RAT_NGHIEM_TRONG, detected_on=date(2024, 4, 1),
                          cleared_on=date(2024, 5, 1))
    light = CaseFactory(case_number="VA-ANHOA-3", severity=Severity.IT_NGHIEM_TRONG, detected_on=date(2024, 2, 1))
    elsewhere = CaseFactory(case_number="VA-OMON-1", unit_code="31153", severity=Severity.RAT_NGHIEM_TRONG)
    return serious, cleared, light, elsewhere


def test_the_total_is_the_filtered_selection_and_counts_no_record_outside_the_area(client_for, anhoa, cases):
    response = client_for(anhoa).get("/cases/", {"severity": Severity.RAT_NGHIEM_TRONG})
    assert response.status_code == 200
    expected = CASES.records(anhoa, severity=Severity.RAT_NGHIEM_TRONG)
    assert response.context["total"] == expected.count() == 2
    assert {c.case_number for c in response.context["page"]} == {"VA-ANHOA-1", "VA-ANHOA-2"}
    assert 'id="total"' in response.text

    status = client_for(anhoa).get("/cases/", {"status": "cleared"})
    assert [c.case_number for c in status.context["page"]] == ["VA-ANHOA-2"]


def test_a_case_is_found_by_its_number_or_a_suspects_name_without_diacritics(client_for, anhoa, cases):
    SuspectFactory(case=cases[2], full_name="Trần Thị Bưởi")
    SuspectFactory(case=cases[3], full_name="Trần Thị Bưởi")  # Ô Môn: not anhoa's
    by_name = client_for(anhoa).get("/cases/", {"q": "tran thi buoi"})
    assert [c.case_number for c in by_name.context["page"]] == ["VA-ANHOA-3"]
    entry = AuditEntry.objects.filter(action="list", object_type="cases.Case").latest("id")
    assert "buoi" not in str(entry.detail) and entry.detail["query"]  # typed text kept as a keyed hash
    by_number = client_for(anhoa).get("/cases/", {"q": "anhoa-2"})
    assert [c.case_number for c in by_number.context["page"]] == ["VA-ANHOA-2"]


def test_sorting_takes_only_the_whitelisted_columns(client_for, anhoa, cases):
    by_date = client_for(anhoa).get("/cases/", {"sort": "detected_on"})
    assert [c.case_number for c in by_date.context["page"]] == ["VA-ANHOA-3", "VA-ANHOA-1", "VA-ANHOA-2"]
    backwards = client_for(anhoa).get("/cases/", {"sort": "-case_number"})
    assert [c.case_number for c in backwards.context["page"]] == ["VA-ANHOA-3", "VA-ANHOA-2", "VA-ANHOA-1"]
    assert 'aria-sort="descending"' in backwards.text
    unknown = client_for(anhoa).get("/cases/", {"sort": "summary"})  # not a column: the register's own order
    assert unknown.status_code == 200
    assert [c.case_number for c in unknown.context["page"]] == ["VA-ANHOA-2", "VA-ANHOA-1", "VA-ANHOA-3"]


def test_the_export_holds_exactly_the_filtered_rows_with_real_dates_and_is_audited(client_for, anhoa, cases):
    response = client_for(anhoa).get("/cases/", {"severity": Severity.RAT_NGHIEM_TRONG, "sort": "detected_on",
                                                 "format": "xlsx"})
    sheet = sheet_of(response)
    rows = rows_of(sheet)
    assert sheet.freeze_panes == "A2"
    assert rows[0][:2] == ("Số vụ án", "Ngày phát hiện")
    assert [r[0] for r in rows[1:]] == ["VA-ANHOA-1", "VA-ANHOA-2"]
    assert rows[1][1] == datetime(2024, 3, 5)  # a date, not text
    assert rows[2][-1] == datetime(2024, 5, 1)
    entry = AuditEntry.objects.filter(action="export", object_type="cases.Case").latest("id")
    assert entry.actor_name == "anhoa" and entry.detail["rows"] == 2
    assert entry.detail["filters"]["severity"] == Severity.RAT_NGHIEM_TRONG


def test_names_and_numbers_are_exported_only_to_those_allowed_personal_data(client_for, anhoa, lanhdao):
    WantedFactory(full_name="Lê Văn Tám", wanted_number="TNA-TAM")
    officer = rows_of(sheet_of(client_for(anhoa).get("/campaigns/wanted/", {"format": "xlsx"})))
    assert "Họ và tên" in officer[0] and "Lê Văn Tám" in officer[1]
    leader = rows_of(sheet_of(client_for(lanhdao).get("/campaigns/wanted/", {"format": "xlsx"})))
    assert "Họ và tên" not in leader[0] and all("Lê Văn Tám" not in row for row in leader)
    assert [r[0] for r in leader[1:]] == ["TNA-TAM"]
    entry = AuditEntry.objects.filter(action="export", actor_name="lanhdao").latest("id")
    assert entry.detail["personal"] is False


def test_a_wanted_person_is_found_by_name_with_or_without_diacritics(client_for, anhoa):
    WantedFactory(full_name="Lê Văn Tám")
    WantedFactory(full_name="Phạm Thị Hoa")
    for typed in ("Lê Văn Tám", "le van tam", "VAN TAM"):
        page = client_for(anhoa).get("/campaigns/wanted/", {"q": typed}).context["page"]
        assert [w.full_name for w in page] == ["Lê Văn Tám"], typed


def test_an_export_larger_than_the_limit_is_refused_not_cut(client_for, anhoa, cases, monkeypatch):
    monkeypatch.setattr(listing, "MAX_EXPORT_ROWS", 2)
    before = AuditEntry.objects.filter(action="export").count()
    response = client_for(anhoa).get("/cases/", {"format": "xlsx"})
    assert response.status_code == 400
    assert "tối đa 2" in response.text and "3" in response.text
    assert AuditEntry.objects.filter(action="export").count() == before
    assert client_for(anhoa).get("/cases/", {"format": "xlsx", "severity": Severity.RAT_NGHIEM_TRONG}).status_code == 200


def test_residents_are_listed_searched_and_exported_inside_the_area_only(client_for, anhoa):
    PersonFactory(full_name="Nguyễn Văn Ánh", date_of_birth=date(1990, 5, 1))
    PersonFactory(full_name="Nguyễn Văn Bình", date_of_birth=date(1985, 5, 1))
    PersonFactory(full_name="Nguyễn Văn Ánh", unit_code="31153")  # Ô Môn
    client = client_for(anhoa)
    found = client.get("/registry/people/", {"q": "nguyen van anh"})
    assert found.context["total"] == 1 and [p.full_name for p in found.context["page"]] == ["Nguyễn Văn Ánh"]
    rows = rows_of(sheet_of(client.get("/registry/people/", {"q": "nguyen van", "sort": "-birth_year",
                                                             "format": "xlsx"})))
    assert [r[0] for r in rows[1:]] == ["Nguyễn Văn Ánh", "Nguyễn Văn Bình"]


def test_households_are_found_by_their_heads_name_without_diacritics(client_for, anhoa):
    household = HouseholdFactory(code="HK-AN-1")
    HouseholdFactory(code="HK-AN-2")
    PersonFactory(full_name="Võ Thị Sáu", household=household, relation_to_head="Chủ hộ")
    response = client_for(anhoa).get("/registry/households/", {"q": "vo thi sau"})
    assert response.context["total"] == 1 and "HK-AN-1" in response.text and "HK-AN-2" not in response.text


def test_the_id_card_dashboard_groups_wards_by_district_or_as_2025_wards(client_for, ninhkieu):
    PersonFactory.create_batch(2)  # An Hòa (Ninh Kiều)
    PersonFactory(unit_code="31144")  # Xuân Khánh (Ninh Kiều)
    client = client_for(ninhkieu)
    by_district = client.get("/registry/id-cards/", {"end": "2024-12-31"})
    groups = by_district.context["groups"]
    assert [g["unit"].name for g in groups if g["unit"]] == ["Quận Ninh Kiều"]
    assert groups[0]["eligible"] == 3 and by_district.context["total"]["eligible"] == 3
    assert [r["eligible"] for r in groups[0]["rows"]] == [2, 1]  # An Hòa before Xuân Khánh by name
    assert [r["eligible"] for r in client.get("/registry/id-cards/", {"end": "2024-12-31", "sort": "eligible"})
            .context["groups"][0]["rows"]] == [1, 2]
    as_2025 = client.get("/registry/id-cards/", {"end": "2024-12-31", "by": "ward2025"}).context["groups"]
    assert len(as_2025) == 1 and all(r["unit"].era == "2025" for r in as_2025[0]["rows"])
    assert sum(r["eligible"] for r in as_2025[0]["rows"]) == 3


def test_the_resident_search_says_first_n_of_m_when_it_caps(client_for, anhoa, monkeypatch):
    from congan.registry import views

    monkeypatch.setattr(views, "SEARCH_LIMIT", 2)
    PersonFactory.create_batch(3, full_name="Lý Văn Mười")
    response = client_for(anhoa).get("/registry/", {"q": "ly van muoi"})
    assert response.context["found"] == 3 and len(response.context["results"]) == 2
    assert "Hiện 2 hồ sơ đầu tiên trong số 3 hồ sơ tìm thấy" in response.text


def _registers():
    from congan.campaigns.views import RECEIPTS, WANTED
    from congan.cases.views import OPERATIONS
    from congan.registry.views import HOUSEHOLDS, RESIDENTS
    from congan.traffic.views import ACCIDENTS

    return [("/cases/", CASES, {"severity": Severity.RAT_NGHIEM_TRONG, "start": "2024-03-01"}),
            ("/cases/operations/", OPERATIONS, {}),
            ("/traffic/", ACCIDENTS, {"severity": "fatal"}),
            ("/campaigns/weapons/", RECEIPTS, {"q": "BN"}),
            ("/campaigns/wanted/", WANTED, {"dangerous": "1"}),
            ("/registry/people/", RESIDENTS, {"sex": "Nam"}),
            ("/registry/households/", HOUSEHOLDS, {"q": "HK"})]


def test_every_lists_total_equals_its_filtered_queryset(client_for, ninhkieu, cases):
    from tests.campaigns.factories import ReceiptFactory

    WantedFactory(dangerous=True)
    WantedFactory(dangerous=False)
    WantedFactory(dangerous=True, unit_code="31153")
    ReceiptFactory()
    PersonFactory.create_batch(2)
    PersonFactory(sex="Nữ")
    HouseholdFactory()
    client = client_for(ninhkieu)
    for url, register, query in _registers():
        for asked in ({}, query):
            response = client.get(url, asked)
            assert response.status_code == 200, (url, asked)
            form = register.filter_form(asked or None, ninhkieu)
            assert not asked or form.is_valid(), form.errors
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if asked else {}
            expected = register.records(ninhkieu, **filters).count()
            assert response.context["total"] == expected, (url, asked)
    assert client.get("/campaigns/wanted/", {"dangerous": "1"}).context["total"] == 1


def test_the_household_export_names_the_head_inside_the_area_only(client_for, anhoa, lanhdao):
    """The head's name is sealed in the database: the export opens it, for those allowed personal data."""
    first = HouseholdFactory(code="HK-XL-1")
    PersonFactory(full_name="Võ Thị Sáu", household=first, relation_to_head="Chủ hộ")
    PersonFactory(full_name="Võ Văn Bé", household=first, relation_to_head="Con")
    HouseholdFactory(code="HK-XL-2")  # no head recorded
    third = HouseholdFactory(code="HK-XL-3")
    PersonFactory(full_name="Trần Văn Ngoài", household=third, relation_to_head="Chủ hộ", unit_code="31153")
    rows = rows_of(sheet_of(client_for(anhoa).get("/registry/households/", {"q": "HK-XL", "format": "xlsx"})))
    assert rows[0][:2] == ("Số sổ hộ khẩu", "Chủ hộ")
    assert [r[:2] for r in rows[1:]] == [("HK-XL-1", "Võ Thị Sáu"), ("HK-XL-2", None), ("HK-XL-3", None)]
    entry = AuditEntry.objects.filter(action="export", object_type="registry.Household").latest("id")
    assert entry.actor_name == "anhoa" and entry.detail["rows"] == 3 and entry.detail["personal"] is True
    assert "Chủ hộ" in entry.detail["columns"]
    leader = rows_of(sheet_of(client_for(lanhdao).get("/registry/households/", {"q": "HK-XL", "format": "xlsx"})))
    assert "Chủ hộ" not in leader[0] and all("Võ Thị Sáu" not in row for row in leader)
