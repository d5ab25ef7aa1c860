"""A hand-counted city for the police year 2025 (15/12/2024 – 14/12/2025); counts in test_kpis.py."""

from datetime import date

import pytest

from tests.factories import person
from tests.reports.factories import accident, case, operation, receipt, suspect, wanted


@pytest.fixture
def city_records(db):
    # cases: 1 before, 2 in (cleared), 3 in (serious, cleared on the last day), 4 in on the last
    # day (serious, cleared after the end), 5 after, 6 in Ô Môn (not cleared)
    before = case(date(2024, 12, 14), category="theft")
    first = case(date(2024, 12, 15), cleared=date(2025, 1, 10), category="theft")
    drugs = case(date(2025, 8, 1), cleared=date(2025, 12, 14), unit_code="31135", era="2025",
                 severity="rat_nghiem_trong", category="drugs")
    case(date(2025, 12, 14), cleared=date(2025, 12, 20), unit_code="31135", era="2025",
         severity="dac_biet_nghiem_trong", category="fraud")
    case(date(2025, 12, 15), unit_code="31135", era="2025", category="theft")
    o_mon = case(date(2025, 3, 1), unit_code="31153", category="assault")
    # suspects, counted by their own dates: arrested 14/12/2024 (last year) and prosecuted 15/12/2024;
    # two arrested in January, one of them prosecuted; arrested on the last day, prosecuted after it;
    # one at large in Ô Môn
    suspect(before, arrested=date(2024, 12, 14), prosecuted=date(2024, 12, 15))
    suspect(first, arrested=date(2025, 1, 5), prosecuted=date(2025, 1, 12))
    suspect(first, arrested=date(2025, 1, 10))
    suspect(drugs, arrested=date(2025, 12, 14), prosecuted=date(2025, 12, 16))
    suspect(o_mon)
    # chuyên án: the city's broken up in the year, Ninh Kiều district's broken in the year and one
    # broken the year before, An Hòa's still open
    operation(date(2025, 7, 1), broken=date(2025, 9, 1), unit_code="92", era="2025", level="province",
              cases=[drugs])
    operation(date(2025, 1, 2), broken=date(2025, 6, 1), unit_code="916", level="district", cases=[first])
    operation(date(2024, 9, 1), broken=date(2024, 11, 1), unit_code="916", level="district")
    operation(date(2025, 2, 1), unit_code="31120")
    # traffic: two in the year, one the day after; one in the previous year
    accident(date(2024, 12, 15), deaths=1, injuries=2)
    accident(date(2025, 12, 14), injuries=1, unit_code="31135", era="2025")
    accident(date(2025, 12, 15), deaths=5, unit_code="31135", era="2025")
    accident(date(2024, 6, 1), deaths=2)
    # weapons
    receipt(date(2025, 5, 5), {"military_weapon": 2, "ammunition_round": 150})
    receipt(date(2025, 9, 9), {"ammunition_round": 50, "explosive_kg": "1.5"}, unit_code="31135", era="2025")
    receipt(date(2025, 12, 15), {"military_weapon": 9}, unit_code="31135", era="2025")
    # wanted: listed before and arrested in; listed in, surrendered after; listed in, removed in
    wanted(date(2024, 12, 1), outcome="arrested", on=date(2025, 1, 5))
    wanted(date(2025, 2, 1), outcome="surrendered", on=date(2025, 12, 15))
    wanted(date(2025, 10, 1), outcome="removed", on=date(2025, 11, 1), unit_code="31135", era="2025")
    # residents
    person("31120")
    person("31120")
    person("31135", era="2025")
