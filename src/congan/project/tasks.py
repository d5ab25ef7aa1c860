"""The background tasks of the project's verbs: an import started from a page (congan.org.jobs)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext

from congan.importing import run_import
from congan.org import audit, jobs, validity
from congan.project.discovery import registered_importers


def _count_lines(path: Path) -> int | None:
    """The data rows of a CSV file, for the progress bar (a quoted line break makes it a little high)."""
    if path.suffix.lower() != ".csv":
        return None
    with open(path, "rb") as raw:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
    return max(lines - 1, 0)


@task()
def import_file(job_id: int) -> None:
    """Import the job's uploaded file as its user, all or nothing; the file is deleted afterwards."""
    job = jobs.Job.objects.get(pk=job_id)
    path = jobs.jobs_dir() / Path(job.params["file"]).name
    try:
        with jobs.running(job_id, total=_count_lines(path)) as (job, bar):
            bar.set_stage(jobs.STAGE_READING, total=bar.total)
            importer = registered_importers()[job.params["register"]](actor=job.requested_by)
            register = job.params["register"]

            def audited(result) -> None:  # inside the import's transaction, as `congan import` does
                audit.record(action=audit.Action.IMPORT, actor=job.requested_by, object_type=register,
                             object_id=job.label[-64:], detail={"rows": result.rows, "stored": result.stored,
                                                                "rejects": 0, "job": job.pk})

            # the reasons in the site's language: the rulebook's directly, the importers' fixed ones
            # (marked with gettext_noop where they are raised) through the catalogue
            with validity.rejects_in(settings.LANGUAGE_CODE), translation.override(settings.LANGUAGE_CODE):
                result = run_import(importer, path, progress=bar, sheet=job.params.get("sheet") or None,
                                    on_publish=lambda rows: bar.set_stage(jobs.STAGE_STORING, total=bar.total),
                                    before_commit=audited)
                job.rejects = [{"row": r.row, "field": r.field, "value": str(r.value)[:200],
                                "reason": gettext(r.reason)} for r in result.rejects[:jobs.KEEP_REJECTS]]
            job.rows, job.stored, job.reject_count = result.rows, result.stored, len(result.rejects)
            if not result.ok:
                audit.record(action=audit.Action.IMPORT, actor=job.requested_by, object_type=register,
                             object_id=job.label[-64:], detail={"rows": result.rows, "stored": 0,
                                                                "rejects": len(result.rejects), "job": job.pk})
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
