"""Changes that move figures need a reason, kept in the case's history (who, when, old → new, why)
and in the audit trail; a refused change leaves the case and its history as they were."""

from __future__ import annotations

from datetime import date

import pytest

from congan.cases.history import CaseChange
from congan.cases.models import Case, Status
from congan.org.models import AuditEntry
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _form(case: Case, **changes) -> dict:
    data = {"case_number": case.case_number, "unit_code": case.unit.code,
            "detected_on": case.detected_on.isoformat(), "articles": case.articles, "severity": case.severity,
            "category": case.category, "cleared_on": case.cleared_on.isoformat() if case.cleared_on else "",
            "clearance_type": case.clearance_type}
    data.update(changes)
    return data


EDITS = {
    "downgrade": {"severity": "it_nghiem_trong"},
    "category": {"category": "fraud"},  # theft → fraud: both social order, the group stays
    "crime_group": {"category": "drugs"},  # social order → drugs: category and group both move
    "clearing": {"cleared_on": "2024-03-20", "clearance_type": "offender_identified"},
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_that_moves_figures_needs_a_reason(client_for, nhaplieu, kind):
    case = CaseFactory(unit_code="31120", severity="rat_nghiem_trong", category="theft")
    client = client_for(nhaplieu)
    refused = client.post(f"/cases/{case.pk}/edit/", _form(case, **EDITS[kind]))
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    stored = Case.objects.get(pk=case.pk)
    assert (stored.severity, stored.category, stored.cleared_on) == ("rat_nghiem_trong", "theft", None)
    assert not CaseChange.objects.exists()

    done = client.post(f"/cases/{case.pk}/edit/", _form(case, **EDITS[kind], reason="Hồ sơ giám định mới"))
    assert done.status_code == 302
    change = CaseChange.objects.get(kind=kind)
    assert (change.actor, change.reason) == (nhaplieu, "Hồ sơ giám định mới")
    audited = AuditEntry.objects.filter(object_type="cases.Case", object_id=str(case.pk), detail__change=kind)
    assert audited.count() == 1 and audited.get().detail["reason"] != "Hồ sơ giám định mới"  # a keyed hash


def test_the_history_is_never_edited(client_for, nhaplieu):
    from django.db import DatabaseError, transaction

    case = CaseFactory(unit_code="31120", severity="nghiem_trong")
    client_for(nhaplieu).post(f"/cases/{case.pk}/edit/", _form(case, severity="it_nghiem_trong", reason="Lý do"))
    change = CaseChange.objects.get()
    change.reason = "khác"
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseChange.objects.filter(pk=change.pk).update(reason="khác")
    assert CaseChange.objects.get().reason == "Lý do"


def test_raising_the_severity_is_kept_without_a_reason(client_for, nhaplieu):
    case = CaseFactory(unit_code="31120", severity="nghiem_trong")
    assert client_for(nhaplieu).post(f"/cases/{case.pk}/edit/", _form(case, severity="dac_biet_nghiem_trong")
                                     ).status_code == 302
    change = CaseChange.objects.get()
    assert (change.kind, change.old, change.new, change.reason) == (
        "upgrade", "nghiem_trong", "dac_biet_nghiem_trong", "")


def test_an_edit_that_moves_nothing_needs_no_reason(client_for, nhaplieu):
    case = CaseFactory(unit_code="31120")
    assert client_for(nhaplieu).post(f"/cases/{case.pk}/edit/", _form(case, articles="172")).status_code == 302  # still theft: no figure moves
    assert not CaseChange.objects.exists()


def test_clearing_from_the_case_page_needs_a_reason(client_for, anhoa):
    case = CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1))
    client = client_for(anhoa)
    refused = client.post(f"/cases/{case.pk}/clear/", {"cleared_on": "2024-03-10", "how": "offender_identified"})
    assert "reason" in refused.context["form"].errors
    assert Case.objects.get(pk=case.pk).cleared_on is None and not CaseChange.objects.exists()
    client.post(f"/cases/{case.pk}/clear/", {"cleared_on": "2024-03-10", "how": "offender_identified",
                                             "reason": "Đã bắt được đối tượng"})
    change = CaseChange.objects.get()
    assert (change.kind, change.old, change.new) == ("clearing", "", "2024-03-10")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Đã bắt được đối tượng" in page and "10/03/2024" in page


def test_a_no_crime_closure_needs_a_reason_and_takes_the_case_out_of_the_figures(client_for, anhoa):
    from congan.org import jurisdiction
    from congan.reports import periods
    from congan.reports.kpis import MEASURES

    case = CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1))
    ids = jurisdiction.unit_ids(case.unit_id)
    year = periods.police_year(2024)
    assert MEASURES["crime.detected"].value(year, ids) == 1
    client = client_for(anhoa)
    refused = client.post(f"/cases/{case.pk}/no-crime/", {"no_crime_on": "2024-03-05"})
    assert "reason" in refused.context["form"].errors
    assert Case.objects.get(pk=case.pk).no_crime_on is None and not CaseChange.objects.exists()
    client.post(f"/cases/{case.pk}/no-crime/", {"no_crime_on": "2024-03-05", "reason": "Tranh chấp dân sự"})
    stored = Case.objects.get(pk=case.pk)
    assert (stored.no_crime_on, stored.status) == (date(2024, 3, 5), Status.NO_CRIME)
    assert CaseChange.objects.get().kind == "no_crime"
    assert MEASURES["crime.detected"].value(year, ids) == 0


def test_re_opening_needs_a_reason(client_for, anhoa):
    case = CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1), cleared_on=date(2024, 3, 9))
    client = client_for(anhoa)
    refused = client.post(f"/cases/{case.pk}/reopen/", {"reason": " "})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert Case.objects.get(pk=case.pk).cleared_on == date(2024, 3, 9) and not CaseChange.objects.exists()
    client.post(f"/cases/{case.pk}/reopen/", {"reason": "Viện kiểm sát trả hồ sơ"})
    stored = Case.objects.get(pk=case.pk)
    assert (stored.cleared_on, stored.status) == (None, Status.DETECTED)
    change = CaseChange.objects.get()
    assert (change.kind, change.old, change.new, change.actor) == ("reopening", "2024-03-09", "", anhoa)


def test_blanking_the_clearing_date_on_the_form_is_a_re_opening(client_for, nhaplieu):
    case = CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1), cleared_on=date(2024, 3, 9))
    client = client_for(nhaplieu)
    refused = client.post(f"/cases/{case.pk}/edit/", _form(case, cleared_on="", clearance_type=""))
    assert "reason" in refused.context["form"].errors and Case.objects.get(pk=case.pk).cleared_on
    client.post(f"/cases/{case.pk}/edit/", _form(case, cleared_on="", clearance_type="", reason="Sai sót"))
    assert CaseChange.objects.get().kind == "reopening"


def test_readers_cannot_close_or_reopen(client_for, lanhdao):
    case = CaseFactory(unit_code="31120", cleared_on=date(2024, 3, 9))
    client = client_for(lanhdao)
    assert client.post(f"/cases/{case.pk}/reopen/", {"reason": "x"}).status_code == 403
    assert client.post(f"/cases/{case.pk}/no-crime/", {"reason": "x", "no_crime_on": "2024-03-05"}).status_code == 403
    assert Case.objects.get(pk=case.pk).cleared_on == date(2024, 3, 9) and not CaseChange.objects.exists()


def test_the_case_page_shows_its_forms_and_history_once_in_the_body(client_for, anhoa):
    case = CaseFactory(unit_code="31120", detected_on=date(2024, 3, 1))
    html = client_for(anhoa).get(f"/cases/{case.pk}/").content.decode()
    title = html[html.index("<title>"):html.index("</title>")]
    assert case.case_number in title and "<form" not in title and "<table" not in title
    assert html.count('id="case-history"') == 1
    assert html.count("/no-crime/") == 1
