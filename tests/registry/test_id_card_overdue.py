"""ID-card steps overdue: an application waiting longer than CONGAN_ID_CARD_STEP_DAYS for its next
step, in the collecting unit's list (the home page counts it)."""

from datetime import date, timedelta

from congan.org import jurisdiction
from congan.registry.services import overdue_applications, step_days
from tests.registry.factories import PersonFactory, application

TODAY = date(2026, 12, 7)


def test_overdue_is_the_latest_step_older_than_the_set_days(anhoa):
    days = step_days()
    cutoff = TODAY - timedelta(days=days)
    old = cutoff - timedelta(days=1)

    def app(name, steps):
        return application(PersonFactory(full_name=name), steps)

    late = app("Chờ sản xuất", [("collected", old - timedelta(days=9)), ("sent_for_production", old)])
    app("Vừa đúng hạn", [("collected", old), ("sent_for_production", cutoff)])
    app("Đã trao", [("collected", old), ("sent_for_production", old), ("produced", old), ("handed_over", old)])
    app("Bị từ chối", [("collected", old), ("rejected", old)])
    found = list(overdue_applications(unit_ids=jurisdiction.user_unit_ids(anhoa), today=TODAY))
    assert [a.pk for a in found] == [late.pk] and found[0].last_on == old
    assert not overdue_applications(unit_ids=[], today=TODAY).exists()


def test_the_overdue_list_shows_the_areas_applications(anhoa, chauvanliem, client_for):
    application(PersonFactory(full_name="Người An Hòa"), [("collected", date.today() - timedelta(days=60))])
    assert "Người An Hòa" in client_for(anhoa).get("/registry/id-cards/overdue/").content.decode()
    other = client_for(chauvanliem).get("/registry/id-cards/overdue/")
    assert other.status_code == 200 and "Người An Hòa" not in other.content.decode()
    assert client_for(chauvanliem).get("/registry/id-cards/overdue/").context["page"].paginator.count == 0
