"""The cleansing run started from the runs page, done by `congan worker` (congan.org.jobs)."""

from __future__ import annotations

from django.tasks import task
from django.utils.translation import gettext_noop

from congan.dataquality import services
from congan.org import audit, jobs, jurisdiction

#: Each stage of a run as the job's page names it, and the share of the run done when it begins
#: (the shares of a typical run's time: normalising, training and scoring take most of it).
STAGES = {
    "read": (gettext_noop("reading the registry's records"), 0),
    "normalise": (gettext_noop("normalising names, dates, numbers and addresses"), 5),
    "train": (gettext_noop("training the linkage model"), 20),
    "predict": (gettext_noop("scoring the candidate pairs"), 45),
    "cluster": (gettext_noop("grouping the records into persons"), 75),
    "write": (gettext_noop("storing the run and the pairs for review"), 90),
}


def _shown_on(bar: jobs.Progress):
    def on_stage(name: str) -> None:
        label, percent = STAGES.get(name, (jobs.STAGE_LINKING, None))
        bar.set_stage(label, percent=percent)
    return on_stage


@task()
def cleanse_area(job_id: int) -> None:
    """A run over the records of the job's user's area, with the latest model unless asked to train."""
    with jobs.running(job_id) as (job, bar):
        bar.set_stage(jobs.STAGE_LINKING, percent=0)
        user = job.requested_by
        replay = None if job.params.get("train") else services.latest_model_run()
        run = services.run_cleansing(actor=user, unit_ids=jurisdiction.user_unit_ids(user), replay=replay,
                                     scope_label=str(user.unit), on_stage=_shown_on(bar))
        audit.record(action=audit.Action.CREATE, actor=user, obj=run,
                     detail={"records": run.records, "review_pairs": run.review_pairs, "job": job.pk})
        job.rows = job.stored = run.records
        job.result = {"url_name": "dataquality:runs", "args": [], "run": run.pk}
        if run.error:
            job.error = run.error
