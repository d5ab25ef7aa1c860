"""New records linked against the settled registry with the stored model, without a full run."""

from datetime import date

import pytest

from congan.dataquality import services
from congan.dataquality.models import Membership, RunKind
from tests.dataquality import factories as dq


def _person(record) -> str:
    return Membership.objects.get(record=record, current=True).person_id


def test_a_new_record_joins_its_person_and_a_stranger_starts_one(db, model):
    a, b = dq.strong_pair()
    full = dq.run(model)
    again = dq.resident(full_name="NGUYEN VAN TAM", date_of_birth=date(1985, 3, 8), sex="Nam",
                        id_number="092085004321", source="cccd_application")
    stranger = dq.resident(full_name="Thạch Thị Sa Rươne", date_of_birth=date(1999, 9, 9), sex="Nữ")
    batch = services.link_new_records(actor=None, person_ids=[again.pk, stranger.pk])
    assert batch.kind == RunKind.INCREMENTAL
    assert batch.model == full.model and batch.settings["model_replayed_from_run"] == full.pk
    assert _person(again) == _person(a) == _person(b)
    assert _person(stranger) not in {_person(a)}
    assert batch.records == 2 and batch.persons == 2


def test_new_records_need_a_stored_model(db):
    record = dq.resident(full_name="Lâm Văn Tèo", date_of_birth=date(1980, 1, 1), sex="Nam")
    with pytest.raises(ValueError, match="no stored model"):
        services.link_new_records(actor=None, person_ids=[record.pk])
