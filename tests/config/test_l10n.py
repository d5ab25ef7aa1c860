"""Vietnam's time and Vietnamese numbers everywhere they are shown, the project's words over Django's.

- Stored in UTC, shown in Asia/Ho_Chi_Minh: an audit entry written at 23:30 UTC reads 06:30 of the
  next day on the audit page and in its export, a resident's history likewise, a report's moment in words too.
- Counts group thousands as the language writes them (1.234.567 / 1,234,567); a year, an id or a
  page number is never grouped (2024, not 2.024), on pages and in links; JSON is untouched.
- Where Django's catalogues translate a word the project also translates, the project's wins.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from congan.org import audit

LATE_EVENING_UTC = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 06:30 on 2 December in Vietnam


def test_stored_in_utc_shown_in_vietnam_time():
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


@pytest.fixture
def late_entry(db, anhoa, settings, tmp_path):
    settings.CONGAN_AUDIT_CHECKPOINT_DIR = tmp_path
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):  # the clock: an outside boundary
        return audit.record(action=audit.Action.LOGIN, actor=anhoa)


def test_an_audit_entry_at_2330_utc_reads_0630_the_next_day(client_for, kiemtra, late_entry):
    client = client_for(kiemtra)
    page = client.get(reverse("org:audit"), {"user": "anhoa"}).content.decode()
    assert "02/12/2026 06:30:00" in page
    assert "01/12/2026" not in page and "23:30" not in page
    export = client.get(reverse("org:audit"), {"user": "anhoa", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    (row,) = [r for r in rows[1:] if r[0] == late_entry.id]
    assert row[1] == datetime(2026, 12, 2, 6, 30)


def test_a_change_in_a_residents_history_reads_in_vietnam_time(client_for, anhoa):
    from congan.registry import services
    from tests.registry.factories import PersonFactory

    person = PersonFactory(unit_code="31120")
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_UTC):
        services.correct_resident(person=person, actor=anhoa, reason="Sửa tên", new_values={"full_name": "Tên Mới"})
    page = client_for(anhoa).get(reverse("registry:person", args=[person.pk])).content.decode()
    assert "02/12/2026 06:30" in page and "23:30" not in page


def test_a_report_moment_in_words_is_in_vietnam_time():
    from congan.reports.render import wording

    with translation.override("vi"):
        text = wording.moment(LATE_EVENING_UTC)
    assert "06" in text and "30" in text and "02" in text and "12" in text
    assert "23" not in text


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("vi", "1.234.567"), ("en", "1,234,567")])
def test_a_count_groups_thousands_as_the_language_writes_them(language, expected):
    with translation.override(language):
        shown = Template("{% load humanize %}{{ n }}|{{ n|intcomma }}").render(Context({"n": 1234567}))
    assert shown == f"{expected}|{expected}"


@pytest.mark.parametrize(("language", "expected"), [("vi", "1.234,5"), ("en", "1,234.5")])
def test_a_decimal_uses_the_languages_separators(language, expected):
    with translation.override(language):
        assert Template("{{ n }}").render(Context({"n": 1234.5})) == expected


def test_short_dates_read_day_month_year():
    with translation.override("vi"):
        assert Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": date(2024, 4, 1)})) == "01/04/2024"


def test_years_ids_and_page_links_are_never_grouped(client_for, thongke, ninhkieu):
    """A year on the targets page, the year in the report page's hidden filing form, a suspect's year
    of birth: 2024, not 2.024."""
    from congan.cases.models import Suspect
    from congan.reports.models import Target
    from tests.cases.factories import CaseFactory
    from tests.org.factories import unit

    Target.objects.create(unit=unit("31120"), year=2024, kpi="crime.clearance_rate", value="0.8",
                          updated_by=thongke)
    targets = client_for(thongke).get(reverse("reports:targets")).content.decode()
    assert "<td>2024</td>" in targets and "2.024" not in targets
    case = CaseFactory(unit_code="31120")
    Suspect.objects.create(case=case, full_name="Nguyễn Văn Bị", year_of_birth=1985)
    detail = client_for(ninhkieu).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<td>1985</td>" in detail and "1.985" not in detail


def test_the_report_pages_filing_form_sends_the_year_as_typed(client_for, thongke):
    from tests.org.factories import unit

    page = client_for(thongke).get(reverse("reports:index"), {"unit": unit("31120").pk, "kind": "police_year",
                                                               "year": 2024}).content.decode()
    assert 'name="year" value="2024"' in page and "2.024" not in page


def test_pagination_links_carry_the_page_number_ungrouped():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(range(3000), 1).page(1500)
    page.query = ""
    with translation.override("vi"):
        html = render_to_string("pagination.html", {"page": page})
    assert "page=1499" in html and "page=1501" in html
    assert "3.000" in html  # the number of pages is a count


def test_json_is_not_localized(client_for, lanhdao):
    from tests.org.factories import unit

    response = client_for(lanhdao).get(reverse("reports:download", args=["json"]),
                                       {"unit": unit("31120").pk, "kind": "police_year", "year": 2024})
    report = json.loads(response.content)
    assert report["period"]["start"] == "2023-12-15"


# --- the project's catalogue wins ---------------------------------------------------------------


@pytest.mark.parametrize(("msgid", "ours", "djangos"), [
    ("History", "Diễn biến", "Bản ghi nhớ"),   # django.contrib.admin
    ("Action", "Thao tác", "Hành động"),        # django.contrib.admin
])
def test_the_projects_catalogue_wins_over_djangos(msgid, ours, djangos):
    from django.apps import apps

    names = [a.name for a in apps.get_app_configs()]
    assert names.index("congan.org") < names.index("django.contrib.admin")
    assert not getattr(settings, "LOCALE_PATHS", [])  # a project-wide path would come first of all
    with translation.override("vi"):
        assert gettext(msgid) == ours != djangos
