"""The ID-card steps: collected → sent for production → produced → handed over, with rejections."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from congan.registry.models import CardStep, IdCardApplication
from tests.org.factories import unit
from tests.registry.factories import PersonFactory


@pytest.fixture
def hoa(db):
    return PersonFactory(unit_code="31120", full_name="Trần Thị Hòa", date_of_birth=date(2008, 1, 1))


def test_an_officer_records_each_step_dated_and_by_their_unit(client_for, anhoa, hoa):
    client = client_for(anhoa)
    for kind, on in [("collected", "2024-03-01"), ("sent_for_production", "2024-03-03"),
                     ("produced", "2024-03-20"), ("handed_over", "2024-04-02")]:
        assert client.post(f"/registry/people/{hoa.pk}/id-card/", {"kind": kind, "on": on}).status_code == 302
    app = IdCardApplication.objects.get(person=hoa)
    assert app.status == CardStep.HANDED_OVER
    assert [(s.kind, s.on.isoformat(), s.unit.code, s.actor) for s in app.steps.all()] == [
        ("collected", "2024-03-01", "31120", anhoa), ("sent_for_production", "2024-03-03", "31120", anhoa),
        ("produced", "2024-03-20", "31120", anhoa), ("handed_over", "2024-04-02", "31120", anhoa),
    ]


def test_steps_out_of_order_or_back_in_time_are_refused(client_for, anhoa, hoa):
    client = client_for(anhoa)
    client.post(f"/registry/people/{hoa.pk}/id-card/", {"kind": "produced", "on": "2024-03-01"})
    assert not IdCardApplication.objects.exists()
    client.post(f"/registry/people/{hoa.pk}/id-card/", {"kind": "collected", "on": "2024-03-01"})
    page = client.post(f"/registry/people/{hoa.pk}/id-card/", {"kind": "handed_over", "on": "2024-03-02"}, follow=True)
    assert "handed" in page.text.lower() or "trao" in page.text.lower()
    client.post(f"/registry/people/{hoa.pk}/id-card/", {"kind": "sent_for_production", "on": "2024-02-01"})
    assert IdCardApplication.objects.get().steps.count() == 1


def test_rejected_then_recollected(hoa):
    an_hoa = unit("31120")
    app = IdCardApplication.collect(hoa, date(2024, 1, 1), unit=an_hoa)
    app.add_step(CardStep.REJECTED, date(2024, 1, 10), unit=an_hoa, note="Ảnh không đạt")
    with pytest.raises(ValidationError):
        app.add_step(CardStep.SENT, date(2024, 1, 11), unit=an_hoa)
    app.add_step(CardStep.RECOLLECTED, date(2024, 1, 15), unit=an_hoa)
    app.add_step(CardStep.SENT, date(2024, 1, 16), unit=an_hoa)
    assert app.status == CardStep.SENT
    assert [s.kind for s in app.steps.all()] == ["collected", "rejected", "recollected", "sent_for_production"]
