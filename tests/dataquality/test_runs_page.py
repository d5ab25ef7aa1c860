from congan.dataquality.models import CleansingRun, RunStatus
from congan.org.models import AuditEntry, User
from tests.dataquality import factories as dq


def test_the_statistics_office_starts_a_run_that_replays_the_latest_model(db, model, client_for):
    dq.uncertain_pair()
    first = dq.run(model)
    thongke = User.objects.get(username="thongke")
    response = client_for(thongke).post("/dataquality/runs/", {}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    run = CleansingRun.objects.exclude(pk=first.pk).get()
    assert run.status == RunStatus.FINISHED and run.actor == thongke
    assert run.settings["model_replayed_from_run"] == first.pk and run.records == 2
    assert f"Cleansing run {run.pk} finished: 2 records, 1 pairs for review." in response.content.decode()
    assert AuditEntry.objects.filter(action="create", object_type="dataquality.CleansingRun",
                                     object_id=str(run.pk)).exists()


def test_training_on_too_few_records_fails_visibly_and_is_kept_as_a_failed_run(db, client_for):
    dq.uncertain_pair()
    thongke = User.objects.get(username="thongke")
    response = client_for(thongke).post("/dataquality/runs/", {"train": "on"}, follow=True,
                                        HTTP_ACCEPT_LANGUAGE="en")
    assert "The cleansing run failed" in response.content.decode()
    run = CleansingRun.objects.get()
    assert run.status == RunStatus.FAILED and run.error


def test_a_ward_officer_sees_the_runs_but_cannot_start_one(db, model, client_for, anhoa):
    dq.run(model)
    client = client_for(anhoa)
    assert client.get("/dataquality/runs/").status_code == 200
    assert client.post("/dataquality/runs/", {}).status_code == 403
    assert CleansingRun.objects.count() == 1
