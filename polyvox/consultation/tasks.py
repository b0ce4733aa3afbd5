"""Background jobs of the consultation app."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polyvox.consultation.opinion_map import RecomputeParams, RecomputeSummary
from polyvox.consultation.services import RECOMPUTE, consultation_recompute
from polyvox.jobs.models import Job
from polyvox.jobs.registry import JobOutcome, JobResult, ProgressReporter, job_handler, job_outcome


@job_handler(RECOMPUTE)
def recompute(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Update a consultation's opinion map from its current votes."""
    # A JSON object in and out: the jobs registry's handler contract (jobs stores plain JSON).
    parsed = RecomputeParams.model_validate(params)
    report(0.1, "computing the opinion map")
    return consultation_recompute(consultation_id=parsed.consultation_id).model_dump()


@job_outcome(RECOMPUTE, title=gettext_lazy("Update the opinion map"))
def recompute_outcome(job: Job) -> JobOutcome:
    summary = RecomputeSummary.model_validate(job.result)
    return JobOutcome(
        summary=_("The opinion map is updated."),
        link_url=reverse("consultation:map", args=[summary.consultation]),
        link_label=_("See the opinion map"),
    )
