import json

from congan.dataquality.models import Membership, RunStatus
from congan.org.models import AuditEntry
from tests.dataquality import factories as dq


def test_a_run_stores_its_model_settings_and_figures(db, model):
    a, b = dq.strong_pair()
    lone = dq.resident(full_name="Trần Thị Mai", date_of_birth=None, birth_year=1970, sex="Nữ")
    run = dq.run(model)
    assert run.status == RunStatus.FINISHED
    assert run.model == model.to_json()  # the exact trained parameters: any merge can be replayed
    assert run.model["comparisons"] and "probability_two_random_records_match" in run.model
    assert run.settings["upper"] == 0.9 and run.settings["lower"] == 0.5
    assert (run.records, run.persons) == (3, 2)
    persons = dict(Membership.objects.filter(run=run).values_list("record_id", "person_id"))
    assert persons[a.pk] == persons[b.pk] != persons[lone.pk]


def test_the_stored_model_downloads_as_json_and_the_export_is_audited(db, model, client_for, anhoa):
    run = dq.run(model)
    response = client_for(anhoa).get(f"/dataquality/runs/{run.pk}/model.json")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["model"] == model.to_json() and body["run"] == run.pk
    assert AuditEntry.objects.filter(action="export", object_type="dataquality.CleansingRun",
                                     object_id=str(run.pk), actor=anhoa).exists()


def test_a_replayed_run_names_the_run_whose_model_it_used(db, model):
    dq.strong_pair()
    first = dq.run(model)
    second = dq.run(None, replay=first)
    assert second.settings["model_replayed_from_run"] == first.pk
    assert second.model == first.model
