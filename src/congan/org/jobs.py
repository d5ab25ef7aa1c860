"""Background jobs: work started from a page runs in `congan worker`, never inside the request.

A page stores the job and enqueues its task (Django's tasks framework, database-backed queue):

    job = jobs.enqueue(import_file, kind=JobKind.IMPORT, user=request.user,
                       label="residents: ho-khau.csv", register="residents", file=name)
    return redirect(job_url(job))

The task takes the job's id and runs its body inside `jobs.running(job_id)`, which marks the
job running, and finished or failed (with the error in words, never a traceback on the page):

    @task()
    def import_file(job_id: int) -> None:
        with jobs.running(job_id) as (job, progress):
            ... progress.update(1) per row (the `tqdm` interface `run_import` already uses) ...

The live progress (rows done, the total where known, the stage) is kept in a small file per job
in `settings.CONGAN_JOBS_DIR`, not in the database: an import holds its transaction until the
end, and its progress must be readable before that. The job's page polls `progress(job)`.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from congan.config.files import private_dir
from congan.org.models import Job, JobStatus

#: The stages a job reports, stored untranslated and shown in the reader's language.
STAGE_READING = gettext_noop("reading and checking the file")
STAGE_STORING = gettext_noop("all rows checked; storing the records")
STAGE_LINKING = gettext_noop("linking the registry's records")

#: The first rejects kept on the job (the count says how many there were).
KEEP_REJECTS = 200


def jobs_dir() -> Path:
    return private_dir(Path(settings.CONGAN_JOBS_DIR))


def _progress_path(job_id: int) -> Path:
    return jobs_dir() / f"{int(job_id)}.progress.json"


class Progress:
    """The job's live progress: `update(n)` as rows are read (at most a few writes per second)."""

    interval = 0.5

    def __init__(self, job_id: int, *, total: int | None = None, stage: str = ""):
        self.job_id = job_id
        self.done = 0
        self.total = total
        self.stage = stage
        self.percent: int | None = None  # set where rows are not the measure (a cleansing run's stages)
        self._written = 0.0
        self._write()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._written >= self.interval:
            self._write(now)

    def set_stage(self, stage: str, *, total: int | None = None, percent: int | None = None) -> None:
        self.stage, self.total, self.percent = stage, total, percent
        self._write()

    def close(self) -> None:  # the tqdm interface; the last figures are written by `running`
        self._write()

    def _write(self, now: float | None = None) -> None:
        self._written = now or time.monotonic()
        path = _progress_path(self.job_id)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump({"done": self.done, "total": self.total, "stage": self.stage, "percent": self.percent}, out)
        os.replace(tmp, path)  # a reader sees the old figures or the new, never half a file


def progress(job: Job) -> dict:
    """What the job's page shows: status, rows done and the total where known, the percentage."""
    live = {"done": job.rows, "total": job.rows if job.done else None, "stage": "", "percent": None}
    if not job.done:
        with contextlib.suppress(FileNotFoundError, ValueError):
            live.update(json.loads(_progress_path(job.pk).read_text()))
    total = live["total"]
    percent = None
    if job.status == JobStatus.FINISHED:
        percent = 100
    elif live["percent"] is not None:
        percent = min(99, int(live["percent"]))
    elif total:
        percent = min(99, int(100 * live["done"] / total))
    return {"status": job.status, "status_label": job.get_status_display(), "done": live["done"],
            "total": total, "percent": percent, "stage": gettext(live["stage"]) if live["stage"] else "", "finished": job.done}


def enqueue(task, *, kind: str, user, label: str, **params) -> Job:
    """Store the job and put its task on the queue; the worker picks it up."""
    job = Job.objects.create(kind=kind, requested_by=user, label=label[:300], params=params)
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.task_id = str(result.id)[:64]
    return job


@contextlib.contextmanager
def running(job_id: int, *, total: int | None = None) -> Iterator[tuple[Job, Progress]]:
    """Run a job's body: running → finished, or failed with its error (and re-raised for the
    worker's own record). A job already finished (a task delivered twice) is not run again."""
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        raise RuntimeError(f"job {job_id} is {job.status}, not waiting")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    job.status = JobStatus.RUNNING
    bar = Progress(job.pk, total=total)
    try:
        yield job, bar
    except Exception as err:
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, finished_at=timezone.now(),
                                             rows=bar.done, error=str(err)[:2000] or type(err).__name__)
        raise
    else:
        job.status, job.finished_at, job.rows = JobStatus.FINISHED, timezone.now(), max(job.rows, bar.done)
        job.save(update_fields=["status", "finished_at", "rows", "stored", "rejects", "reject_count",
                                "result", "error"])
    finally:
        with contextlib.suppress(FileNotFoundError):
            _progress_path(job.pk).unlink()


def visible_jobs(user):
    """The jobs a user may follow: their own; the administrator's, everyone's."""
    from congan.org.roles import Role

    jobs = Job.objects.select_related("requested_by")
    return jobs if user.role == Role.ADMIN else jobs.filter(requested_by=user)
