"""The one unit module: a code is a unit only with its era, looked up inside the user's area."""

from datetime import date

import pytest
from django.utils import translation

from congan.org import unitcodes
from congan.org.unitcodes import UnknownUnit


def test_a_reused_ward_code_means_the_unit_of_the_records_date(db):
    assert unitcodes.resolve_unit("31135", date(2025, 6, 30)).name == "Phường Tân An"
    assert unitcodes.resolve_unit("31135", date(2025, 7, 1)).name == "Phường Ninh Kiều"
    with pytest.raises(UnknownUnit, match="unknown unit code for 2025"):
        unitcodes.resolve_unit("31123", date(2025, 7, 1))  # an old ward code the 2025 list does not use


def test_a_code_in_both_eras_is_refused_without_the_era(db):
    with pytest.raises(UnknownUnit, match="both eras"):
        unitcodes.find_unit("31135")
    assert unitcodes.find_unit("31135", "legacy").name == "Phường Tân An"
    with pytest.raises(UnknownUnit, match="unknown era"):
        unitcodes.find_unit("31135", "1975")


def test_a_users_lookup_stays_inside_their_area(anhoa, ninhkieu):
    assert unitcodes.unit_in_area(ninhkieu, "31120", "legacy").name == "Phường An Hòa"
    with pytest.raises(UnknownUnit, match="not found in your jurisdiction"):
        unitcodes.unit_in_area(anhoa, "31144", "legacy")  # Xuân Khánh, a neighbouring ward


def test_the_api_answers_404_with_the_reason(client_for, anhoa):
    response = client_for(anhoa).get("/api/registry/id-cards/collection?unit=31144&era=legacy&end=2024-12-14")
    assert response.status_code == 404
    assert response.json() == {"detail": "unit 31144 not found in your jurisdiction"}


def test_the_era_label_is_translated_and_the_reject_stays_english(db):
    with translation.override("vi"):
        assert unitcodes.era_label("legacy") == "trước ngày 01/7/2025"
        assert str(UnknownUnit("99999", "legacy")) == "unknown unit code for legacy (before 1 July 2025)"
    with translation.override("en"):
        assert unitcodes.unit_label(unitcodes.find_unit("31135", "2025")) == \
            "Phường Ninh Kiều (31135, since 1 July 2025)"
