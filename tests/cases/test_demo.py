"""The demo registers: spread over 15 Dec 2023 … 26 Nov 2026, old wards before the reform, new after."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db.models import F, Max, Min

from congan.campaigns import demo as campaigns_demo
from congan.campaigns.models import Receipt, WantedPerson, WantedStatusChange
from congan.cases import demo as cases_demo
from congan.cases.models import Case
from congan.traffic import demo as traffic_demo
from congan.traffic.models import Accident

pytestmark = pytest.mark.django_db


def test_demo_records_carry_the_unit_of_their_era():
    out = io.StringIO()
    for module in (cases_demo, traffic_demo, campaigns_demo):
        module.load(residents=2000, seed=7, stdout=out)
    for model, field in ((Case, "detected_on"), (Accident, "occurred_on"), (Receipt, "received_on"),
                         (WantedPerson, "listed_on")):
        span = model.objects.aggregate(lo=Min(field), hi=Max(field))
        assert span["lo"] >= date(2023, 12, 15) and span["hi"] <= date(2026, 11, 26), model
        assert not model.objects.filter(**{f"{field}__lt": date(2025, 7, 1), "unit__era": "2025"}).exists()
        assert not model.objects.filter(**{f"{field}__gte": date(2025, 7, 1), "unit__era": "legacy"}).exists()
        assert model.objects.filter(**{f"{field}__lt": date(2024, 12, 15)}).exists(), model
        assert model.objects.filter(**{f"{field}__gte": date(2025, 12, 15)}).exists(), model
    assert 800 < Case.objects.count() < 1300
    assert not Case.objects.filter(cleared_on__lt=F("detected_on")).exists()
    outcomes = WantedStatusChange.objects.exclude(status="listed").count()
    assert outcomes == WantedPerson.objects.exclude(status="listed").count() > 0
    cases_demo.load(residents=2000, seed=7, stdout=out)  # a second run adds nothing
    assert "already loaded" in out.getvalue()

