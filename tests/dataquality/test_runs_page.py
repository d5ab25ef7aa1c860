"""The runs page starts a run in the background (`congan worker`, congan.org.jobs); the job's page
says how it ended and links to the runs."""

from django.core.management import call_command

from congan.dataquality.models import CleansingRun, RunStatus
from congan.org.models import AuditEntry, Job, JobStatus, User
from tests.dataquality import factories as dq

# The worker manages its connections as a long-running process does (`close_old_connections`),
# which would close a test's wrapping transaction: the tests that run it commit (and reload the
# units and accounts an earlier test's flush removed).

def test_the_statistics_office_starts_a_run_that_replays_the_latest_model(base_data_reloaded, model, client_for):
    dq.uncertain_pair()
    first = dq.run(model)
    thongke = User.objects.get(username="thongke")
    client = client_for(thongke)
    response = client.post("/dataquality/runs/", {})
    job = Job.objects.get()
    assert response["Location"] == f"/org/jobs/{job.pk}/" and CleansingRun.objects.count() == 1
    call_command("worker", "--batch", verbosity=0)
    run = CleansingRun.objects.exclude(pk=first.pk).get()
    assert run.status == RunStatus.FINISHED and run.actor == thongke
    assert run.settings["model_replayed_from_run"] == first.pk and run.records == 2
    page = client.get(f"/org/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "finished" in page and 'href="/dataquality/runs/"' in page
    assert AuditEntry.objects.filter(action="create", object_type="dataquality.CleansingRun",
                                     object_id=str(run.pk)).exists()


def test_training_on_too_few_records_fails_visibly_and_is_kept_as_a_failed_run(base_data_reloaded, client_for):
    dq.uncertain_pair()
    thongke = User.objects.get(username="thongke")
    client = client_for(thongke)
    client.post("/dataquality/runs/", {"train": "on"})
    call_command("worker", "--batch", verbosity=0)
    run = CleansingRun.objects.get()
    assert run.status == RunStatus.FAILED and run.error
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.error
    page = client.get(f"/org/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "failed" in page and 'id="job-error"' in page


def test_a_ward_officer_sees_the_runs_but_cannot_start_one(db, model, client_for, anhoa):
    dq.run(model)
    client = client_for(anhoa)
    assert client.get("/dataquality/runs/").status_code == 200
    assert client.post("/dataquality/runs/", {}).status_code == 403
    assert CleansingRun.objects.count() == 1
