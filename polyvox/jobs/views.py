from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from polyvox.jobs.selectors import access_job_for_user


@login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = access_job_for_user(user=request.user, job_id=job_id)
    return render(request, "jobs/job_detail.html", {"job": job})


@login_required
def job_progress(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The progress fragment that htmx polls while the job runs."""
    job = access_job_for_user(user=request.user, job_id=job_id)
    return render(request, "jobs/_progress.html", {"job": job})
