"""Filing a report freezes it: the filed files are downloadable byte for byte forever, while the live
report moves with the records; the restatement says which records changed, who changed them and why."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from congan.cases.models import Case
from congan.org.models import AuditEntry
from congan.reports import filing, periods, services
from congan.reports.models import FiledReport
from tests.cases.factories import CaseFactory
from tests.org.factories import unit

CONTRACT_CRIME = {"detected", "cleared", "clearance_rate", "target_clearance_rate", "serious_detected",
                  "serious_cleared", "serious_clearance_rate", "by_category", "suspects_arrested",
                  "suspects_prosecuted", "operations_broken"}
YEAR = {"kind": "police_year", "year": 2025}


def _city():
    return unit("92", "2025", "province")


def _file(client, **params):
    return client.post("/reports/filed/file/", {"unit": _city().id, **YEAR, **params})


@pytest.fixture
def filed(city_records, client_for, thongke):
    response = _file(client_for(thongke))
    assert response.status_code == 302
    return FiledReport.objects.get()


def _downloads(client, filed) -> dict[str, bytes]:
    out = {}
    for fmt in ("json", "docx", "xlsx"):
        response = client.get(f"/reports/filed/{filed.pk}/download/{fmt}/")
        assert response.status_code == 200
        out[fmt] = response.content
    return out


def _cli(*args) -> str:
    out = io.StringIO()
    call_command("report", "--year", "2025", "--unit", "92", *args, stdout=out)
    return out.getvalue()


def test_the_statistics_office_files_a_report_with_its_hash_in_the_audit_trail(filed, thongke):
    assert (filed.version, filed.unit.code, filed.filed_by) == (1, "92", thongke)
    assert (filed.period_start, filed.period_end) == (date(2024, 12, 15), date(2025, 12, 14))
    assert filing.verify(filed) and len(filed.sha256) == 64
    entry = AuditEntry.objects.get(object_type="reports.FiledReport", action="create")
    assert entry.detail["sha256"] == filed.sha256 and entry.actor == thongke
    assert entry.detail["files"]["report.docx"] == filed.hashes["report.docx"]
    # what it froze: the figures, the records behind them and each case's classification, the definitions
    report = json.loads(filed.report_json)
    assert (report["crime"]["detected"], report["crime"]["cleared"]) == (4, 2)
    assert len(filed.records["figures"]["crime.detected"]) == 4
    assert set(filed.records["cases"]) == {str(i) for i in filed.records["figures"]["crime.detected"]}
    assert "crime.detected" in filed.definitions["measures"]
    assert report["filed"]["version"] == 1
    unchanged = filing.restatement_json(filed)  # nothing moved yet: live and filed agree everywhere
    assert (unchanged["figures"], unchanged["records"], unchanged["cases"]) == ([], {}, [])


def test_changing_a_record_after_filing_leaves_the_filed_files_as_they_were(filed, client_for, thongke, anhoa):
    client = client_for(thongke)
    before = _downloads(client, filed)
    cli_before = _cli("--filed", "--format", "json")
    assert cli_before.encode() == before["json"] == filed.report_json.encode()
    cleared = Case.objects.get(pk__in=filed.records["figures"]["crime.cleared"], unit__code="31120")
    reopened = client_for(anhoa).post(f"/cases/{cleared.pk}/reopen/", {"reason": "Viện kiểm sát trả hồ sơ"})
    assert reopened.status_code == 302
    late = CaseFactory(detected_on=date(2025, 5, 5), unit_code="31120")  # recorded after filing

    client = client_for(thongke)  # the test client is shared: sign the statistics office in again
    assert _downloads(client, filed) == before  # byte-identical
    assert _cli("--filed", "--format", "json") == cli_before
    live = services.build_report(unit=_city(), period=periods.police_year(2025))
    assert (live["crime"]["detected"], live["crime"]["cleared"]) == (5, 1)

    result = filing.restatement_json(FiledReport.objects.get(pk=filed.pk))
    changed = {f["key"]: (f["filed"], f["live"]) for f in result["figures"]}
    assert changed["crime.detected"] == (4, 5) and changed["crime.cleared"] == (2, 1)
    cases = {c["id"]: c for c in result["cases"]}
    assert cases[cleared.pk]["changes"] == ["reopened"]
    assert cases[cleared.pk]["history"][0] | {"at": None} == {
        "kind": "reopening", "old": "2025-01-10", "new": "", "by": "anhoa", "at": None,
        "reason": "Viện kiểm sát trả hồ sơ"}
    assert cases[late.pk]["changes"] == ["added"]
    assert result["records"]["crime.cleared"] == {"added": [], "removed": [cleared.pk]}

    page = client.get(f"/reports/filed/{filed.pk}/").content.decode()
    assert cleared.case_number in page and late.case_number in page and "Viện kiểm sát trả hồ sơ" in page


def test_a_reclassification_after_filing_is_listed_with_its_reason(filed, client_for, nhaplieu):
    case = Case.objects.get(pk__in=filed.records["figures"]["crime.detected"], unit__code="31120")
    form = {"case_number": case.case_number, "unit_code": "31120", "detected_on": case.detected_on.isoformat(),
            "articles": "", "severity": "it_nghiem_trong", "category": case.category,
            "cleared_on": case.cleared_on.isoformat(), "clearance_type": case.clearance_type,
            "reason": "Giá trị tài sản thấp hơn"}
    assert client_for(nhaplieu).post(f"/cases/{case.pk}/edit/", form).status_code == 302
    result = filing.restatement_json(filed)
    entry = next(c for c in result["cases"] if c["id"] == case.pk)
    assert entry["changes"] == ["reclassified"]
    assert (entry["history"][0]["kind"], entry["history"][0]["reason"]) == ("downgrade", "Giá trị tài sản thấp hơn")


def test_only_the_statistics_office_files(city_records, client_for, lanhdao, ninhkieu, kiemtra):
    for user in (lanhdao, ninhkieu, kiemtra):
        assert _file(client_for(user)).status_code == 403
    assert not FiledReport.objects.exists()
    assert not AuditEntry.objects.filter(object_type="reports.FiledReport").exists()


def test_a_filed_report_is_never_changed_or_deleted(filed):
    filed.note = "sửa"
    with pytest.raises(ValueError):
        filed.save()
    with pytest.raises(ValueError):
        filed.delete()
    with pytest.raises(DatabaseError), transaction.atomic():  # the database refuses it too
        FiledReport.objects.filter(pk=filed.pk).update(note="sửa")
    assert FiledReport.objects.get().note == ""


def test_a_restatement_is_a_new_version_with_a_note(filed, client_for, thongke, anhoa):
    client = client_for(thongke)
    before = _downloads(client, filed)
    client.post(f"/reports/filed/{filed.pk}/restate/", {"note": ""})
    assert FiledReport.objects.count() == 1
    CaseFactory(detected_on=date(2025, 5, 5), unit_code="31120")
    response = client.post(f"/reports/filed/{filed.pk}/restate/", {"note": "Bổ sung vụ án ghi nhận muộn"})
    assert response.status_code == 302
    new = FiledReport.objects.get(version=2)
    assert new.note == "Bổ sung vụ án ghi nhận muộn" and json.loads(new.report_json)["crime"]["detected"] == 5
    assert json.loads(new.report_json)["filed"]["supersedes"] == 1
    assert _downloads(client, filed) == before
    assert json.loads(_cli("--filed", "--format", "json"))["filed"]["version"] == 2
    assert json.loads(_cli("--filed", "--filed-version", "1", "--format", "json"))["crime"]["detected"] == 4
    listing = client.get("/reports/filed/").content.decode()
    assert listing.count(f'href="/reports/filed/{new.pk}/"') == 1 and f'href="/reports/filed/{filed.pk}/"' in listing


def test_filed_json_keeps_the_report_contract(filed):
    data = json.loads(_cli("--filed", "--format", "json"))
    assert {"unit", "period", "previous_period", "crime", "traffic", "weapons", "wanted", "id_cards",
            "population_data"} <= set(data)
    assert set(data["crime"]) >= CONTRACT_CRIME
    assert data["period"] == {"start": "2024-12-15", "end": "2025-12-14"} and data["unit"] == "92"
    assert data["filed"] | {"at": None} == {"version": 1, "at": None, "by": "thongke", "note": "",
                                            "supersedes": None}


def test_filed_word_and_excel_from_the_command_line(filed, tmp_path):
    for fmt in ("docx", "xlsx"):
        target = tmp_path / f"r.{fmt}"
        call_command("report", "--year", "2025", "--unit", "92", "--filed", "--format", fmt, "-o", str(target))
        assert target.read_bytes() == filing.content(filed, fmt)


def test_filed_when_nothing_was_filed_is_one_line_exit_2(city_records):
    with pytest.raises(CommandError) as exc:
        _cli("--filed", "--format", "json")
    assert exc.value.returncode == 2 and "has not been filed" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        _cli("--filed", "--format", "html")
    assert exc.value.returncode == 2


def test_last_year_is_quoted_as_filed_and_says_so(city_records, client_for, thongke):
    district = unit("916", "legacy", "district")  # Ninh Kiều: the same area in both years
    client = client_for(thongke)
    assert client.post("/reports/filed/file/", {"unit": district.id, "kind": "police_year", "year": 2024}
                       ).status_code == 302
    filed_2024 = FiledReport.objects.get()
    filed_detected = json.loads(filed_2024.report_json)["crime"]["detected"]
    assert filed_detected == 1
    CaseFactory(detected_on=date(2024, 5, 5), unit_code="31120")  # recorded in 2024's period after filing
    year = periods.police_year(2025)
    report = services.build_report(unit=district, period=year)
    assert report["crime"]["previous"]["detected"] == filed_detected
    assert report["previous_source"]["kind"] == "filed" and report["previous_source"]["version"] == 1
    live = services.build_report(unit=district, period=year, previous_as_filed=False)
    assert live["crime"]["previous"]["detected"] == filed_detected + 1
    assert live["previous_source"] == {"kind": "live"}
    page = client.get("/reports/", {"unit": district.id, **YEAR}).content.decode()
    assert "đã nộp" in page


def test_last_year_of_another_area_is_not_quoted_as_filed(city_records, client_for, thongke):
    # the 2024 city (old Cần Thơ) is not the 2025 city (with Hậu Giang and Sóc Trăng)
    client_for(thongke).post("/reports/filed/file/", {"unit": unit("92", "legacy", "province").id,
                                                      "kind": "police_year", "year": 2024})
    assert FiledReport.objects.count() == 1
    report = services.build_report(unit=_city(), period=periods.police_year(2025))
    assert report["previous_source"] == {"kind": "live"}


def test_the_api_returns_the_filed_version(filed, client_for, lanhdao):
    CaseFactory(detected_on=date(2025, 5, 5), unit_code="31120")
    client = client_for(lanhdao)
    as_filed = client.get("/api/reports/report", {"unit": "92", "year": 2025, "filed": "true"})
    assert as_filed.status_code == 200 and as_filed.json() == json.loads(filed.report_json)
    assert client.get("/api/reports/report", {"unit": "92", "year": 2025}).json()["crime"]["detected"] == 5
    assert client.get("/api/reports/report", {"unit": "92", "year": 2024, "filed": "true"}).status_code == 404


def test_the_report_page_offers_filing_to_the_statistics_office_only(city_records, client_for, thongke, lanhdao):
    import re

    query = {"unit": _city().id, **YEAR}
    assert 'id="file-report"' not in client_for(lanhdao).get("/reports/", query).content.decode()
    client = client_for(thongke)
    page = client.get("/reports/", query).content.decode()
    form = page[page.index('id="file-report"'):page.index("</form>", page.index('id="file-report"'))]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken")
    assert fields == {"unit": str(_city().id), "kind": "police_year", "year": "2025"}
    response = client.post("/reports/filed/file/", fields)
    filed = FiledReport.objects.get()
    assert response.url == f"/reports/filed/{filed.pk}/"
    assert (filed.period_start, filed.period_end, filed.unit) == (date(2024, 12, 15), date(2025, 12, 14), _city())
