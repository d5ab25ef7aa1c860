"""Background jobs: an import started from a page and a cleansing run are queued by the request and
done by `congan worker` (Django's tasks framework, database queue), with their progress on a page.

The worker runs here as it runs beside `congan serve`: the real command, on the real queue, once
(`--batch`), after the request has answered."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from congan.cases.models import Case
from congan.dataquality.models import CleansingRun
from congan.org import jobs
from congan.org.models import AuditEntry, Job, JobStatus
from tests.registry.factories import PersonFactory

# The worker manages its connections as a long-running process does (`close_old_connections`),
# which would close a test's wrapping transaction: these tests commit, as the worker's world does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _units_and_accounts(base_data_reloaded):
    """Units and the demo's accounts, reloaded after an earlier test's flush."""

HEADER = "case_id,unit_code,detected_on,article,severity,category,cleared_on\n"
GOOD = "HS-J-1,31120,2024-03-02,173,it_nghiem_trong,theft,2024-03-20\nHS-J-2,31120,2024-04-02,173,it_nghiem_trong,theft,\n"


@pytest.fixture(autouse=True)
def _private_jobs_dir(settings, tmp_path):
    settings.CONGAN_JOBS_DIR = tmp_path / "jobs"


def _upload(client, text: str, *, register="cases", name="vu-an.csv"):
    return client.post("/project/import/", {"register": register,
                                            "file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def run_worker():
    call_command("worker", "--batch", verbosity=0)


def test_an_import_from_a_page_is_queued_then_done_by_the_worker(client_for, anhoa):
    client = client_for(anhoa)
    answer = _upload(client, HEADER + GOOD)
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/org/jobs/{job.pk}/"
    # the request only queued the work: nothing imported yet, the task waits on the queue
    assert job.status == JobStatus.QUEUED and not Case.objects.filter(case_number__startswith="HS-J").exists()
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()
    page = client.get(f"/org/jobs/{job.pk}/").content.decode()
    assert "<progress" in page and "đang chờ" in page

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.rows, job.stored, job.reject_count) == (JobStatus.FINISHED, 2, 2, 0)
    assert Case.objects.filter(case_number__startswith="HS-J").count() == 2
    assert AuditEntry.objects.filter(action="import", actor=anhoa, detail__job=job.pk).exists()
    progress = json.loads(client.get(f"/org/jobs/{job.pk}/progress/").content)
    assert progress["finished"] and progress["percent"] == 100 and progress["done"] == 2
    assert not list(jobs.jobs_dir().glob("upload-*")), "the uploaded file is deleted after the import"


def test_rejects_are_listed_with_row_field_and_reason_and_nothing_is_stored(client_for, anhoa):
    client = client_for(anhoa)
    _upload(client, HEADER + GOOD + "HS-J-3,31120,2024-13-45,173,it_nghiem_trong,theft,\n")
    run_worker()
    job = Job.objects.get()
    assert (job.status, job.stored, job.reject_count) == (JobStatus.FINISHED, 0, 1)
    assert job.rejects[0]["row"] == 4 and job.rejects[0]["field"] == "ngày phát hiện"
    assert not Case.objects.filter(case_number__startswith="HS-J").exists()
    page = client.get(f"/org/jobs/{job.pk}/").content.decode()
    assert "ngày phát hiện" in page and 'id="rejects"' in page


def test_a_web_imports_reasons_are_in_the_sites_language(client_for, anhoa):
    """The rulebook's reason (cleared before detected) and the importers' fixed ones (a missing unit) in
    Vietnamese on the job's page; the command line keeps English (tests/cases/test_import.py)."""
    _upload(client_for(anhoa), HEADER + "HS-J-5,31120,2024-03-02,173,it_nghiem_trong,theft,2024-01-01\n"
                                        "HS-J-6,,2024-03-02,173,it_nghiem_trong,theft,\n")
    run_worker()
    reasons = {r["field"]: r["reason"] for r in Job.objects.get().rejects}
    assert reasons["mã đơn vị"] == "bắt buộc"
    assert "detected" not in reasons["ngày làm rõ"] and "ngày" in reasons["ngày làm rõ"], reasons


def test_a_web_import_takes_only_units_of_the_users_area(client_for, anhoa):
    """anhoa's ward is 31120; a row of ward 31144 is refused and the file stores nothing."""
    client = client_for(anhoa)
    _upload(client, HEADER + GOOD + "HS-J-9,31144,2024-03-02,173,it_nghiem_trong,theft,\n")
    run_worker()
    job = Job.objects.get()
    assert job.reject_count == 1 and job.rejects[0] == {
        "row": 4, "field": "mã đơn vị", "value": "31144", "reason": "đơn vị không thuộc địa bàn của bạn"}
    assert not Case.objects.filter(case_number__startswith="HS-J").exists()


def test_a_file_that_cannot_be_read_fails_the_job_in_one_line(client_for, anhoa):
    client = client_for(anhoa)
    _upload(client, "case_id;unit_code;detected_on\nHS-1;31120;2024-01-01\n")
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "\n" not in job.error and "Traceback" not in job.error
    assert job.error.startswith("vu-an.csv: "), "named as the clerk uploaded it"
    assert "job-error" in client.get(f"/org/jobs/{job.pk}/").content.decode()


@pytest.mark.parametrize("name, content, expected", [
    ("vu-an.txt", HEADER, "The file must be a .csv or .xlsx file."),
    ("vu-an.csv", "", "The submitted file is empty."),
])
def test_a_wrong_upload_is_refused_on_the_form_and_nothing_is_queued(client_for, anhoa, name, content, expected,
                                                                     settings):
    settings.LANGUAGE_CODE = "en"
    client = client_for(anhoa)
    client.cookies["django_language"] = "en"
    answer = _upload(client, content, name=name)
    assert answer.status_code == 200 and expected in answer.content.decode()
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_roles_that_do_not_record_cannot_import(client_for, kiemtra, lanhdao):
    for user in (kiemtra, lanhdao):
        answer = _upload(client_for(user), HEADER + GOOD)
        assert answer.status_code == 403
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_another_users_job_is_not_found_and_the_attempt_audited(client_for, anhoa, xuankhanh):
    _upload(client_for(anhoa), HEADER + GOOD)
    job = Job.objects.get()
    other = Client()
    other.force_login(xuankhanh, backend="django.contrib.auth.backends.ModelBackend")
    assert other.get(f"/org/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/org/jobs/{job.pk}/progress/").status_code == 404
    assert "HS-J" not in other.get("/org/jobs/").content.decode()
    assert AuditEntry.objects.filter(action="denied", actor=xuankhanh, object_id=str(job.pk)).exists()


def test_progress_while_running_comes_from_the_worker(anhoa):
    """What the bar polls while an import runs: rows done of the file's rows."""
    job = Job.objects.create(kind="import", requested_by=anhoa, label="x", status=JobStatus.RUNNING)
    bar = jobs.Progress(job.pk, total=200, stage=jobs.STAGE_READING)
    bar.update(50)
    bar.close()
    shown = jobs.progress(job)
    assert (shown["done"], shown["total"], shown["percent"], shown["finished"]) == (50, 200, 25, False)


def test_a_cleansing_run_from_the_runs_page_is_done_in_the_background(client_for, thongke):
    for _ in range(3):
        PersonFactory(unit_code="31120")
    client = client_for(thongke)
    answer = client.post("/dataquality/runs/", {"train": ""})
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/org/jobs/{job.pk}/"
    assert not CleansingRun.objects.exists(), "the request does not run the engine"
    run_worker()
    job.refresh_from_db()
    run = CleansingRun.objects.get()
    assert job.status == JobStatus.FINISHED and run.actor == thongke and job.result["run"] == run.pk
    assert 'id="job-result"' in client.get(f"/org/jobs/{job.pk}/").content.decode()


def test_a_cleansing_job_shows_each_stage_in_words_with_a_rising_percentage(client_for, thongke, monkeypatch):
    """The bar moves stage by stage through a run (reading, normalising, training, scoring,
    grouping, storing), each named in the reader's language, never going back."""
    for _ in range(3):
        PersonFactory(unit_code="31120")
    seen = []
    write = jobs.Progress._write

    def recorded(bar, now=None):
        write(bar, now)
        job = Job.objects.get(pk=bar.job_id)
        seen.append(jobs.progress(job))

    monkeypatch.setattr(jobs.Progress, "_write", recorded)
    client = client_for(thongke)
    client.post("/dataquality/runs/", {"train": ""})
    from django.utils import translation

    with translation.override("vi"):
        run_worker()
    stages = [s["stage"] for s in seen]
    expected = ["đang đọc hồ sơ trong cơ sở dữ liệu dân cư",
                "đang chuẩn hóa họ tên, ngày tháng, số giấy tờ và địa chỉ",
                "đang huấn luyện mô hình đối sánh", "đang chấm điểm các cặp hồ sơ cần so sánh",
                "đang gộp hồ sơ thành từng công dân", "đang lưu kết quả và các cặp cần xem xét"]
    assert [s for s in expected if s in stages] == expected
    percents = [s["percent"] for s in seen if s["stage"] in expected]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 90
    job = Job.objects.get()
    page = client.get(f"/org/jobs/{job.pk}/").content.decode()
    assert job.status == JobStatus.FINISHED and "100" in page
