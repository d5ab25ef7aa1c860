"""The background tasks of the project's verbs: an import started from a page (congan.org.jobs)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congan import importing
from congan.importing import ImportFileError, run_import
from congan.org import audit, jobs
from congan.project.discovery import registered_importers


def _count_lines(path: Path) -> int | None:
    """The data rows of a CSV file, for the progress bar (a quoted line break makes it a little high)."""
    if path.suffix.lower() != ".csv":
        return None
    with open(path, "rb") as raw:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
    return max(lines - 1, 0)


#: The import contract's columns (DESIGN.md) in words, for the rejects shown on a page.
COLUMNS = {
    "accident_id": _("accident number"), "address": _("address"), "application_id": _("application number"),
    "arrested_on": _("date of arrest"), "article": _("article of the Penal Code"), "case_id": _("case number"),
    "category": _("kind of crime"), "cleared_on": _("date cleared up"), "date_of_birth": _("date of birth"),
    "deaths": _("deaths"), "detected_on": _("date detected"), "ethnicity": _("ethnicity"),
    "father_name": _("father's name"), "full_name": _("full name"), "hometown": _("hometown"),
    "household_id": _("household number"), "id_number": _("ID number"), "injuries": _("injuries"),
    "item_type": _("kind of item"), "listed_on": _("date listed"), "mother_name": _("mother's name"),
    "occurred_on": _("date of the accident"), "on": _("date of the step"),
    "prosecuted_on": _("date of the decision to prosecute"), "quantity": _("quantity"),
    "receipt_id": _("receipt number"), "received_on": _("date received"), "record_id": _("record number"),
    "relation_to_head": _("relation to the head of household"), "religion": _("religion"),
    "severity": _("severity"), "sex": _("sex"), "source": _("source"), "status": _("status"),
    "status_on": _("date of the status"), "step": _("step"), "suspect_id": _("suspect number"),
    "unit_code": _("unit code"), "wanted_id": _("wanted person number"), "year_of_birth": _("year of birth"),
    "clearing_unit_code": _("code of the unit that cleared it"), "clearance_type": _("how it was cleared"),
    "(row)": _("the row as a whole"),
}


def column_label(name: str) -> str:
    """A column of the file in words ("ngày phát hiện (detected_on)" would put a code on the page)."""
    return str(COLUMNS[name]) if name in COLUMNS else (name if name.isdigit() or not name else gettext("another column"))


@task()
def import_file(job_id: int) -> None:
    """Import the job's uploaded file as its user, all or nothing; the file is deleted afterwards.

    What the job keeps in words (a refusal of the file, the rejects' fields and reasons) is written
    in the language the user was reading when they started it: the worker has no request."""
    job = jobs.Job.objects.get(pk=job_id)
    path = jobs.jobs_dir() / Path(job.params["file"]).name
    language = job.params.get("language") or settings.LANGUAGE_CODE
    try:
        # the framework's messages and the rulebook's reasons in the user's language, the importers'
        # fixed reasons (marked with gettext_noop where they are raised) through the catalogue
        with importing.messages_in(language, columns=column_label), translation.override(language), \
                jobs.running(job_id, total=_count_lines(path)) as (job, bar):
            bar.set_stage(jobs.STAGE_READING, total=bar.total)
            importer = registered_importers()[job.params["register"]](actor=job.requested_by)
            register = job.params["register"]

            def audited(result) -> None:  # inside the import's transaction, as `congan import` does
                audit.record(action=audit.Action.IMPORT, actor=job.requested_by, object_type=register,
                             object_id=job.label[-64:], detail={"rows": result.rows, "stored": result.stored,
                                                                "rejects": 0, "job": job.pk})

            try:
                result = run_import(importer, path, progress=bar, sheet=job.params.get("sheet") or None,
                                    on_publish=lambda rows: bar.set_stage(jobs.STAGE_STORING, total=bar.total),
                                    before_commit=audited)
            except ImportFileError as exc:  # named by the file's name as uploaded, not as kept
                raise exc.renamed(job.params.get("name", path.name)) from None
            job.rejects = [{"row": r.row, "field": column_label(r.field), "value": str(r.value)[:200],
                            "reason": gettext(r.reason)} for r in result.rejects[:jobs.KEEP_REJECTS]]
            job.rows, job.stored, job.reject_count = result.rows, result.stored, len(result.rejects)
            if not result.ok:
                audit.record(action=audit.Action.IMPORT, actor=job.requested_by, object_type=register,
                             object_id=job.label[-64:], detail={"rows": result.rows, "stored": 0,
                                                                "rejects": len(result.rejects), "job": job.pk})
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
