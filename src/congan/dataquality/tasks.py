"""The cleansing run started from the runs page, done by `congan worker` (congan.org.jobs)."""

from __future__ import annotations

from django.tasks import task

from congan.dataquality import services
from congan.org import audit, jobs, jurisdiction


@task()
def cleanse_area(job_id: int) -> None:
    """A run over the records of the job's user's area, with the latest model unless asked to train."""
    with jobs.running(job_id) as (job, bar):
        bar.set_stage(jobs.STAGE_LINKING)
        user = job.requested_by
        replay = None if job.params.get("train") else services.latest_model_run()
        run = services.run_cleansing(actor=user, unit_ids=jurisdiction.user_unit_ids(user), replay=replay,
                                     scope_label=str(user.unit))
        audit.record(action=audit.Action.CREATE, actor=user, obj=run,
                     detail={"records": run.records, "review_pairs": run.review_pairs, "job": job.pk})
        job.rows = job.stored = run.records
        job.result = {"url_name": "dataquality:runs", "args": [], "run": run.pk}
        if run.error:
            job.error = run.error
