"""The pages of background jobs: the user's jobs, one job with its progress bar, and the progress
as JSON for the bar to poll (congan.org.jobs)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from congan.org import audit, jobs
from congan.org.listing import paginate


def _job(request: HttpRequest, pk: int):
    job = jobs.visible_jobs(request.user).filter(pk=pk).first()
    if job is None:  # another user's job: as if it did not exist
        audit.denied(request, audit.Denial.OUTSIDE_AREA, object_type="org.Job", object_id=str(pk))
        raise Http404
    return job


def _result_link(job) -> str:
    target = job.result.get("url_name")
    if not target:
        return ""
    try:
        return reverse(target, args=job.result.get("args", []))
    except NoReverseMatch:
        return ""


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, jobs.visible_jobs(request.user), 25)
    return render(request, "org/job_list.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.rejects:  # the rejected values may be personal data: who read them is on record
        audit.record(action=audit.Action.VIEW, request=request, obj=job, detail={"rejects": job.reject_count})
    return render(request, "org/job_detail.html", {
        "job": job, "progress": jobs.progress(job), "result_link": _result_link(job),
        "more_rejects": max(0, job.reject_count - len(job.rejects)),
    })


@login_required
def job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(jobs.progress(_job(request, pk)))
