"""The unit picker in a real headless Chromium: a unit found by its name (diacritics optional) among
the units of the user's area only, both eras, the era in words; An Hòa's officer records a 2025 case
in Phường Cái Khế, the ward that took An Hòa over, with the same account."""

import pytest

from congan.cases.models import Case

pytestmark = pytest.mark.browser


def test_the_filter_finds_a_unit_by_name_without_diacritics(sign_in):
    page = sign_in("ninhkieu", "/cases/")
    page.fill("#id_unit-search", "xuan khanh")
    visible = page.eval_on_selector_all("#id_unit option", "os => os.filter(o => !o.hidden && o.value).map(o => o.text)")
    assert visible == ["Phường Xuân Khánh (31144, trước ngày 01/7/2025)"]
    assert page.input_value("#id_unit") != ""
    page.click("main form.filter button[type=submit]")
    page.wait_for_selector("#records")
    assert "unit=" in page.url
    # Only units of the user's area are offered: Ô Môn's wards are not.
    every = page.eval_on_selector_all("#id_unit option", "os => os.map(o => o.text)")
    assert not any("Châu Văn Liêm" in text for text in every)


def test_an_hoa_picks_its_successor_ward_by_name_and_records_a_2025_case(sign_in):
    page = sign_in("anhoa", "/cases/new/")
    options = page.eval_on_selector_all("#id_unit_code-units option", "os => os.map(o => [o.value, o.text])")
    assert ["31120", "Phường Cái Khế (31120, từ ngày 01/7/2025)"] in options
    assert ["31120", "Phường An Hòa (31120, trước ngày 01/7/2025)"] in options
    assert not any("Ninh Kiều" in text for _code, text in options)  # another 2025 ward
    page.fill("#id_case_number", "HS-CAIKHE-1")
    page.fill("#id_unit_code", "31120")
    page.fill("#id_detected_on", "2025-09-01")
    page.fill("#id_articles", "173")
    page.select_option("#id_severity", value="it_nghiem_trong")
    page.select_option("#id_category", value="theft")
    page.click("main button[type=submit]")
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get(case_number="HS-CAIKHE-1")
    assert (case.unit.name, case.unit.era) == ("Phường Cái Khế", "2025")
