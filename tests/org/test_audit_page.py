"""The audit page an inspector works with: filter, search, export, verify; actions and records in
words, linked where the viewer may open the record; nobody else may use it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congan.org import audit
from congan.org.models import AuditEntry
from tests.org.test_audit import _as_table_owner
from tests.registry.factories import PersonFactory


@pytest.fixture
def trail(db, anhoa, xuankhanh, settings, tmp_path):
    """Reads of residents by two officers, one of them refused, and a sign-in."""
    settings.CONGAN_AUDIT_CHECKPOINT_DIR = tmp_path
    mine = PersonFactory()
    for _ in range(3):
        audit.record(action=audit.Action.VIEW, actor=anhoa, obj=mine)
    audit.record(action=audit.Action.VIEW, actor=xuankhanh, object_type="registry.Person", object_id="999999")
    audit.record(action=audit.Action.DENIED, actor=xuankhanh, obj=mine)
    audit.record(action=audit.Action.LOGIN, actor=anhoa)
    return mine


def test_the_inspector_filters_by_user_and_action_in_words(client_for, kiemtra, trail):
    response = client_for(kiemtra).get(reverse("org:audit"), {"user": "anhoa", "action": "view"})
    html = response.content.decode()
    assert response.status_code == 200
    expected = AuditEntry.objects.filter(actor_name="anhoa", action="view").count()
    assert expected == 3 and response.context["total"] == expected
    assert len(response.context["rows"]) == expected
    assert "đã xem" in html and f"công dân {trail.pk}" in html
    assert ">registry.Person" not in html and ">view<" not in html  # codes only as option values
    assert "Địa chỉ máy trạm" in html


def test_a_record_links_to_its_page_only_for_a_viewer_who_may_open_it(client_for, kiemtra, quantri, trail):
    url = reverse("registry:person", args=[trail.pk])
    as_admin = client_for(quantri).get(reverse("org:audit"), {"object_type": "registry.Person"}).content.decode()
    assert f'href="{url}"' in as_admin
    assert 'href="/registry/people/999999/"' not in as_admin  # no such record: no link
    as_inspector = client_for(kiemtra).get(reverse("org:audit"), {"object_type": "registry.Person"}).content.decode()
    assert f'href="{url}"' not in as_inspector and f"{trail.pk}" in as_inspector  # the auditor sees no records


def test_search_finds_a_record_number_and_dates_are_local_days(client_for, kiemtra, trail):
    client = client_for(kiemtra)
    found = client.get(reverse("org:audit"), {"q": str(trail.pk)})
    assert found.context["total"] == AuditEntry.objects.filter(object_id=str(trail.pk)).count() == 4
    listed = AuditEntry.objects.filter(action="list", object_type="org.AuditEntry").last()
    assert listed.detail["filter"] == {"q": audit.pseudonym(str(trail.pk))}  # typed text kept as a keyed hash
    today = timezone.localdate()
    assert client.get(reverse("org:audit"), {"start": today.isoformat(), "end": today.isoformat()}).context["total"] >= 6
    assert client.get(reverse("org:audit"), {"end": (today - timedelta(days=1)).isoformat()}).context["total"] == 0


def test_an_end_before_the_start_is_refused_with_a_message(client_for, kiemtra, trail):
    client = client_for(kiemtra)
    before = AuditEntry.objects.count()
    response = client.get(reverse("org:audit"), {"start": "2026-05-02", "end": "2026-05-01",
                                                              "format": "xlsx"})
    assert response.status_code == 400 and "ở trước ngày bắt đầu" in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_the_export_holds_exactly_the_filtered_entries_and_is_audited(client_for, kiemtra, trail):
    response = client_for(kiemtra).get(reverse("org:audit"), {"user": "xuankhanh", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Số TT", "Thời gian", "Người dùng", "Địa chỉ máy trạm", "Thao tác")
    ids = sorted(r[0] for r in rows[1:])
    assert ids == sorted(AuditEntry.objects.filter(actor_name="xuankhanh").values_list("id", flat=True))
    assert {r[4] for r in rows[1:]} == {"đã xem", "bị từ chối truy cập"}
    export = AuditEntry.objects.filter(action="export", actor_name="kiemtra").last()
    assert export.detail == {"rows": 2, "filter": {"user": audit.pseudonym("xuankhanh")}}


def test_verify_shows_intact_and_the_head_then_finds_an_edit(client_for, kiemtra, trail, tmp_path):
    client = client_for(kiemtra)
    head = audit.head()
    html = client.post(reverse("org:audit_verify")).content.decode()
    assert "Nguyên vẹn" in html and head in html
    assert list(tmp_path.glob("checkpoint-*.json"))  # each verify leaves a checkpoint outside the database
    victim = AuditEntry.objects.filter(actor_name="anhoa").first()
    with _as_table_owner():
        AuditEntry.objects.filter(pk=victim.pk).update(object_id="4711")
    html = client.post(reverse("org:audit_verify")).content.decode()
    assert "bị sửa đổi hoặc hư hỏng" in html and f"Mục {victim.pk}" in html


@pytest.mark.parametrize("who", ["anhoa", "lanhdao", "thongke", "nhaplieu"])
def test_nobody_else_may(who, client_for, request, trail):
    client = client_for(request.getfixturevalue(who))
    before = AuditEntry.objects.exclude(action="denied").count()
    assert client.get(reverse("org:audit")).status_code == 403
    assert client.get(reverse("org:audit"), {"format": "xlsx"}).status_code == 403
    assert client.post(reverse("org:audit_verify")).status_code == 403
    assert AuditEntry.objects.exclude(action="denied").count() == before


def test_the_kinds_of_record_are_offered_in_words_without_reading_the_whole_trail(trail, client_for, kiemtra):
    """An import is recorded under its register's name; the filter offers it in words and finds it,
    and building the filter does not scan the trail (no DISTINCT over it on each page load)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    audit.record(action=audit.Action.IMPORT, actor=kiemtra, object_type="cases", object_id="vu-an.csv")
    client = client_for(kiemtra)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("org:audit")).content.decode()
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper() and "auditentry" in q["sql"].lower()]
    assert '<option value="cases">tệp vụ án hình sự</option>' in page
    found = client.get(reverse("org:audit"), {"object_type": "cases"}).content.decode()
    assert "vu-an.csv" in found
