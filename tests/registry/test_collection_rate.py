"""The ID-card collection rate on a hand-counted fixture (period end 14/12/2024)."""

from datetime import date

import pytest

from congan.org import jurisdiction
from congan.registry import services
from congan.registry.models import CardStep
from tests.org.factories import unit
from tests.registry.factories import PersonFactory, application

END = date(2024, 12, 14)
C, SENT, PROD, HAND, REJ, RECOL = (CardStep.COLLECTED, CardStep.SENT, CardStep.PRODUCED,
                                   CardStep.HANDED_OVER, CardStep.REJECTED, CardStep.RECOLLECTED)


def _p(name, born=None, unit="31120", **fields):
    return PersonFactory(unit_code=unit, full_name=name, date_of_birth=born, id_number="", **fields)


@pytest.fixture
def an_hoa(db):
    people = {
        "A": _p("A turns 14 on the period end", date(2010, 12, 14)),
        "B": _p("B turns 14 the day after", date(2010, 12, 15)),
        "C": _p("C applied after the period end", date(1980, 5, 5)),
        "D": _p("D born 1990, applied in 2021", birth_year=1990),
        "E": _p("E born 2010, year only: may still be 13", birth_year=2010),
        "F": _p("F born 11/2010: 14 by the end", birth_year=2010, birth_month=11),
        "G": _p("G rejected, not re-collected", date(1975, 1, 1)),
        "H": _p("H rejected then re-collected", date(1975, 1, 1)),
        "I": _p("I two applications", date(1960, 1, 1)),
        "J": _p("J rejected only after the end", date(1960, 1, 1)),
        "L": _p("L no date of birth"),
        "K": _p("K in Xuân Khánh", date(1970, 1, 1), unit="31144"),
    }
    application(people["A"], [(C, date(2024, 12, 10))])
    application(people["B"], [(C, date(2024, 12, 1))])
    application(people["C"], [(C, date(2024, 12, 15))])
    application(people["D"], [(C, date(2021, 4, 1)), (SENT, date(2021, 4, 5)), (PROD, date(2021, 5, 1)),
                              (HAND, date(2021, 5, 20))])
    application(people["G"], [(C, date(2024, 6, 1)), (REJ, date(2024, 7, 1))])
    application(people["H"], [(C, date(2024, 6, 1)), (REJ, date(2024, 7, 1)), (RECOL, date(2024, 8, 1)),
                              (SENT, date(2024, 8, 2)), (PROD, date(2024, 9, 1))])
    application(people["I"], [(C, date(2021, 3, 1)), (SENT, date(2021, 3, 2)), (PROD, date(2021, 4, 1)),
                              (HAND, date(2021, 4, 10))])
    application(people["I"], [(C, date(2024, 3, 1))])
    application(people["J"], [(C, date(2024, 12, 1)), (REJ, date(2024, 12, 20))])
    application(people["K"], [(C, date(2022, 1, 1))], unit_code="31144")
    return people


def _ids(code, era="legacy", level="ward"):
    return jurisdiction.unit_ids(unit(code, era, level).id)


def test_ward_rate_is_counted_by_hand(an_hoa):
    # Eligible: A C D F G H I J (8). Counted: A D H I J (5).
    assert services.id_card_collection(unit_ids=_ids("31120"), start=date(2023, 12, 15), end=END) == {
        "eligible": 8, "applications": 5, "collection_rate": 0.625,
    }


def test_district_adds_its_other_wards(an_hoa):
    figures = services.id_card_collection(unit_ids=_ids("916", level="district"), start=date(2023, 12, 15), end=END)
    assert figures == {"eligible": 9, "applications": 6, "collection_rate": 0.6667}


def test_later_ends_move_the_boundary_cases(an_hoa):
    # 15/12/2024: B turns 14 (applied), C's application counts: A B C D H I J of 9.
    figures = services.id_card_collection(unit_ids=_ids("31120"), end=date(2024, 12, 15))
    assert figures == {"eligible": 9, "applications": 7, "collection_rate": 0.7778}
    # 20/12/2024: J's application was rejected that day.
    figures = services.id_card_collection(unit_ids=_ids("31120"), end=date(2024, 12, 20))
    assert figures == {"eligible": 9, "applications": 6, "collection_rate": 0.6667}


def test_nobody_eligible_gives_no_rate(db):
    assert services.id_card_collection(unit_ids=_ids("31153"), end=END) == {
        "eligible": 0, "applications": 0, "collection_rate": None,
    }


def test_the_ward_dashboard_shows_the_same_figures(an_hoa, client_for, ninhkieu):
    page = client_for(ninhkieu).get("/registry/id-cards/", {"end": "2024-12-14"})
    assert page.status_code == 200
    rows = {r["unit"].code: r for r in page.context["rows"]}
    assert (rows["31120"]["eligible"], rows["31120"]["collected"], rows["31120"]["produced"],
            rows["31120"]["handed_over"]) == (8, 5, 3, 2)
    assert (rows["31144"]["eligible"], rows["31144"]["collected"]) == (1, 1)
    assert "62,5%" in page.text
    assert "Phường An Hòa" in page.text


def test_the_ward_officer_dashboard_has_only_their_ward(an_hoa, client_for, anhoa):
    page = client_for(anhoa).get("/registry/id-cards/", {"end": "2024-12-14"})
    assert [r["unit"].code for r in page.context["rows"]] == ["31120"]
    assert "Xuân Khánh" not in page.text


def test_a_birthday_on_29_february_comes_on_1_march_in_common_years(db):
    leap = _p("Born on a leap day", date(2008, 2, 29))
    ids = _ids("31120")
    assert not services.eligible_people(unit_ids=ids, end=date(2022, 2, 28)).filter(pk=leap.pk).exists()
    assert services.eligible_people(unit_ids=ids, end=date(2022, 3, 1)).filter(pk=leap.pk).exists()
    born_28 = _p("Born on 28 February", date(2010, 2, 28))
    assert services.eligible_people(unit_ids=ids, end=date(2024, 2, 28)).filter(pk=born_28.pk).exists()
