"""Records that cleansing joined show as one person: on the person page (its other records, those
outside the viewer's area counted but not shown) and in search (one row per person); an undone
merge shows them apart again. (Signed in with English chosen, as the app's other tests.)"""

from __future__ import annotations

from congan.dataquality import services
from congan.org.models import AuditEntry
from tests.dataquality import factories as dq


def _merged(model, officer, **kwargs):
    a, b = dq.uncertain_pair(**kwargs)
    dq.run(model)
    pair = dq.pair_of(a, b)
    services.decide(pair=pair, actor=officer, merge=True, reason="cùng cha mẹ", confirmed_differences=True)
    return a, b, pair


def test_the_person_page_lists_the_other_records_of_the_same_person(db, model, client_for, anhoa):
    a, b, _pair = _merged(model, anhoa)
    html = client_for(anhoa).get(f"/registry/people/{a.pk}/").content.decode()
    assert 'id="same-person"' in html and f'href="/registry/people/{b.pk}/"' in html and b.record_id in html
    assert "9-digit ID card (CMND)" in html  # the source in words
    entry = AuditEntry.objects.filter(action="view", object_type="registry.Person", object_id=str(a.pk)).last()
    assert entry.detail == {"same_person": [b.pk]}


def test_search_shows_one_row_per_person_with_its_records(db, model, client_for, anhoa):
    a, b, _pair = _merged(model, anhoa)
    response = client_for(anhoa).get("/registry/", {"q": "Nguyen Van Binh"})
    rows = response.context["results"]
    assert len(rows) == 1 and {rows[0].pk, *(o.pk for o in rows[0].same_person)} == {a.pk, b.pk}
    assert 'class="same-person"' in response.content.decode()


def test_an_undone_merge_shows_two_persons_again(db, model, client_for, anhoa):
    a, b, pair = _merged(model, anhoa)
    services.undo(pair=pair, actor=anhoa, reason="khác người")
    assert len(client_for(anhoa).get("/registry/", {"q": "Nguyen Van Binh"}).context["results"]) == 2
    assert 'id="same-person"' not in client_for(anhoa).get(f"/registry/people/{a.pk}/").content.decode()


def test_a_record_of_the_same_person_in_another_ward_is_counted_not_shown(db, model, client_for, anhoa, ninhkieu):
    a, b, _pair = _merged(model, ninhkieu, other_unit="31144")  # b registered in Xuân Khánh
    html = client_for(anhoa).get(f"/registry/people/{a.pk}/").content.decode()
    assert 'id="same-person-elsewhere"' in html
    assert b.record_id not in html and f"/registry/people/{b.pk}/" not in html
    district = client_for(ninhkieu).get(f"/registry/people/{a.pk}/").content.decode()
    assert b.record_id in district
