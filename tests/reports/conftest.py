"""A hand-counted city for the police year 2025 (15/12/2024 – 14/12/2025); counts in test_kpis.py."""

from datetime import date

import pytest

from tests.campaigns.factories import ReceiptFactory, WantedFactory
from tests.cases.factories import CaseFactory, OperationFactory, SuspectFactory
from tests.registry.factories import PersonFactory
from tests.traffic.factories import AccidentFactory


@pytest.fixture
def city_records(db):
    # cases: 1 before, 2 in (cleared), 3 in (serious, cleared on the last day), 4 in on the last
    # day (serious, cleared after the end), 5 after, 6 in Ô Môn (not cleared)
    before = CaseFactory(detected_on=date(2024, 12, 14), category="theft")
    first = CaseFactory(detected_on=date(2024, 12, 15), cleared_on=date(2025, 1, 10), category="theft")
    drugs = CaseFactory(detected_on=date(2025, 8, 1), cleared_on=date(2025, 12, 14), unit_code="31135", era="2025", severity="rat_nghiem_trong", category="drugs")
    CaseFactory(detected_on=date(2025, 12, 14), cleared_on=date(2025, 12, 20), unit_code="31135", era="2025", severity="dac_biet_nghiem_trong", category="fraud")
    CaseFactory(detected_on=date(2025, 12, 15), unit_code="31135", era="2025", category="theft")
    o_mon = CaseFactory(detected_on=date(2025, 3, 1), unit_code="31153", category="assault")
    # suspects, counted by their own dates: arrested 14/12/2024 (last year) and prosecuted 15/12/2024;
    # two arrested in January, one of them prosecuted; arrested on the last day, prosecuted after it;
    # one at large in Ô Môn
    SuspectFactory(case=before, arrested_on=date(2024, 12, 14), prosecuted_on=date(2024, 12, 15))
    SuspectFactory(case=first, arrested_on=date(2025, 1, 5), prosecuted_on=date(2025, 1, 12))
    SuspectFactory(case=first, arrested_on=date(2025, 1, 10))
    SuspectFactory(case=drugs, arrested_on=date(2025, 12, 14), prosecuted_on=date(2025, 12, 16))
    SuspectFactory(case=o_mon)
    # chuyên án: the city's broken up in the year, Ninh Kiều district's broken in the year and one
    # broken the year before, An Hòa's still open
    OperationFactory(opened_on=date(2025, 7, 1), broken_on=date(2025, 9, 1), unit_code="92", era="2025", level="province", cases=[drugs])
    OperationFactory(opened_on=date(2025, 1, 2), broken_on=date(2025, 6, 1), unit_code="916", level="district", cases=[first])
    OperationFactory(opened_on=date(2024, 9, 1), broken_on=date(2024, 11, 1), unit_code="916", level="district")
    OperationFactory(opened_on=date(2025, 2, 1), unit_code="31120")
    # traffic: two in the year, one the day after; one in the previous year
    AccidentFactory(occurred_on=date(2024, 12, 15), deaths=1, injuries=2)
    AccidentFactory(occurred_on=date(2025, 12, 14), injuries=1, unit_code="31135", era="2025")
    AccidentFactory(occurred_on=date(2025, 12, 15), deaths=5, unit_code="31135", era="2025")
    AccidentFactory(occurred_on=date(2024, 6, 1), deaths=2)
    # weapons
    ReceiptFactory(received_on=date(2025, 5, 5), items={"military_weapon": 2, "ammunition_round": 150})
    ReceiptFactory(received_on=date(2025, 9, 9), items={"ammunition_round": 50, "explosive_kg": "1.5"}, unit_code="31135", era="2025")
    ReceiptFactory(received_on=date(2025, 12, 15), items={"military_weapon": 9}, unit_code="31135", era="2025")
    # wanted: listed before and arrested in; listed in, surrendered after; listed in, removed in
    WantedFactory(listed_on=date(2024, 12, 1), outcome="arrested", outcome__on=date(2025, 1, 5))
    WantedFactory(listed_on=date(2025, 2, 1), outcome="surrendered", outcome__on=date(2025, 12, 15))
    WantedFactory(listed_on=date(2025, 10, 1), outcome="removed", outcome__on=date(2025, 11, 1), unit_code="31135", era="2025")
    # residents
    PersonFactory(unit_code="31120")
    PersonFactory(unit_code="31120")
    PersonFactory(unit_code="31135", era="2025")
