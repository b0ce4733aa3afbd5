from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template

from polyvox.jobs.selectors import access_job_for_user


@login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = access_job_for_user(user=request.user, job_id=job_id)
    # Each app may show its jobs' results its own way, in jobs/results/<kind>.html.
    result_template = select_template(
        [f"jobs/results/{job.kind}.html", "jobs/results/default.html"]
    )
    return render(request, "jobs/job_detail.html", {"job": job, "result_template": result_template})


@login_required
def job_progress(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The progress fragment that htmx polls while the job runs."""
    job = access_job_for_user(user=request.user, job_id=job_id)
    response = render(request, "jobs/_progress.html", {"job": job})
    if job.is_finished and request.headers.get("HX-Request"):
        # The page around the bar shows the outcome (a result, a link onwards): reload it
        # once, rather than leave a finished bar and no way on.
        response["HX-Refresh"] = "true"
    return response
