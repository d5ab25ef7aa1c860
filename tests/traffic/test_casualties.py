"""STATS19 shape: casualties recorded one by one decide the counts and the severity."""

from __future__ import annotations

from datetime import date

import pytest

from congan.org.models import AuditEntry
from congan.traffic.models import Accident, AccidentSeverity
from tests.traffic.factories import AccidentFactory

pytestmark = pytest.mark.django_db


def test_casualties_keep_counts_and_severity(client_for, anhoa):
    acc = AccidentFactory(deaths=0, injuries=0)
    assert acc.severity == AccidentSeverity.DAMAGE_ONLY
    client = client_for(anhoa)
    client.post(f"/traffic/{acc.pk}/vehicles/", {"type": "motorcycle", "plate": "65B1-123.45"})
    vehicle = acc.vehicles.get()
    client.post(f"/traffic/{acc.pk}/casualties/", {"vehicle": vehicle.pk, "outcome": "injured", "injury": "slight"})
    acc.refresh_from_db()
    assert (acc.deaths, acc.injuries, acc.severity) == (0, 1, AccidentSeverity.SLIGHT)
    client.post(f"/traffic/{acc.pk}/casualties/", {"outcome": "killed", "died_on": "2024-03-10"})
    acc.refresh_from_db()
    assert (acc.deaths, acc.injuries, acc.severity) == (1, 1, AccidentSeverity.FATAL)
    page = client.get(f"/traffic/{acc.pk}/").text
    assert "65B1-123.45" in page and "10/03/2024" in page
    assert AuditEntry.objects.filter(action="create", object_type="traffic.Casualty").count() == 2


def test_a_death_before_the_accident_or_after_30_days_is_refused(client_for, anhoa):
    acc = AccidentFactory(occurred_on=date(2024, 3, 1), injuries=1)
    client = client_for(anhoa)
    for day in ("2024-02-28", "2024-04-15"):
        response = client.post(f"/traffic/{acc.pk}/casualties/", {"outcome": "killed", "died_on": day})
        assert "died_on" in response.context["form"].errors
    assert not acc.casualties.exists()


def test_record_an_accident_through_the_form(client_for, nhaplieu):
    response = client_for(nhaplieu).post("/traffic/new/", {
        "accident_number": "TN-F1", "unit_code": "31120", "occurred_on": "2024-01-02", "occurred_at": "19:45",
        "cause": "alcohol", "deaths": "0", "injuries": "2", "place": "Đường 30/4"})
    assert response.status_code == 302
    acc = Accident.objects.get(accident_number="TN-F1")
    assert (acc.unit.era, acc.severity, acc.place) == ("legacy", AccidentSeverity.SERIOUS, "Đường 30/4")


def test_readers_may_not_edit(client_for, lanhdao):
    acc = AccidentFactory(injuries=1)
    client = client_for(lanhdao)
    assert client.get("/traffic/new/").status_code == 403
    assert client.post(f"/traffic/{acc.pk}/casualties/", {"outcome": "killed"}).status_code == 403
