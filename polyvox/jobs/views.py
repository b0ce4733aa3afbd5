from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polyvox.accounts.models import User
from polyvox.jobs import services
from polyvox.jobs.forms import CancelForm
from polyvox.jobs.selectors import access_job_for_user, job_outcome_describe, job_title


@login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = access_job_for_user(user=request.user, job_id=job_id)
    # Each app may show its jobs' results its own way, in jobs/results/<kind>.html.
    result_template = select_template(
        [f"jobs/results/{job.kind}.html", "jobs/results/default.html"]
    )
    context = {
        "job": job,
        "title": job_title(job=job),
        "outcome": job_outcome_describe(job=job),
        "result_template": result_template,
        "cancel_form": CancelForm(),
    }
    return render(request, "jobs/job_detail.html", context)


@require_POST
@login_required
def job_cancel(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """Who may follow a job (its creator, its dialogue's organisers) may cancel it."""
    job = access_job_for_user(user=request.user, job_id=job_id)
    assert isinstance(request.user, User)
    form = CancelForm(request.POST)
    try:
        if not form.is_valid():
            raise services.JobError(_("This job can no longer be cancelled."))
        job = services.job_cancel(job=job, actor=request.user)
    except services.JobError as error:
        messages.error(request, str(error))
    else:
        if job.status == job.Status.CANCELLED:
            messages.success(request, _("The job is cancelled."))
        else:
            messages.success(
                request, _("The job will stop at its next step and undo what it had begun.")
            )
    return redirect("jobs:detail", job_id=job.id)


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
