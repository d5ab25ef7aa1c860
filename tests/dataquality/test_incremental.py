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


def test_a_run_stores_its_features_and_a_batch_queues_its_uncertain_pairs(db, model):
    import io

    import pyarrow.parquet as pq

    from congan.dataquality.models import PairStatus, ReviewPair

    a = dq.full_record("31120", "Bình", "092085001234")
    full = dq.run(model)
    stored = pq.read_table(io.BytesIO(bytes(full.features)))
    assert stored["record_id"].to_pylist() == [str(a.pk)]

    b = dq.resident(full_name="Nguyễn Văn Bình", date_of_birth=date(1985, 4, 15), sex="", source="cmnd")
    batch = services.link_new_records(actor=None, person_ids=[b.pk])
    pair = ReviewPair.objects.get(left=a, right=b)
    assert pair.run == batch and pair.status == PairStatus.PENDING and 0.5 <= pair.probability < 0.9
    assert batch.review_pairs == 1 and batch.settled == 0
    assert _person(a) != _person(b)


def test_a_kept_apart_decision_holds_for_a_batch(db, model):
    from congan.dataquality.models import Decision

    a, b = dq.strong_pair()
    dq.run(model)
    again = dq.resident(full_name="NGUYEN VAN TAM", date_of_birth=date(1985, 3, 8), sex="Nam",
                        id_number="092085004321", source="cccd_application")
    Decision.objects.create(left_id=min(a.pk, again.pk), right_id=max(a.pk, again.pk), merge=False)
    services.link_new_records(actor=None, person_ids=[again.pk])
    assert _person(again) != _person(a)
