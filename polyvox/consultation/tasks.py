"""Background jobs of the consultation app."""

from __future__ import annotations

from collections.abc import Mapping

from polyvox.consultation.opinion_map import RecomputeParams
from polyvox.consultation.services import RECOMPUTE, consultation_recompute
from polyvox.jobs.registry import JobResult, ProgressReporter, job_handler


@job_handler(RECOMPUTE)
def recompute(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Update a consultation's opinion map from its current votes."""
    # A JSON object in and out: the jobs registry's handler contract (jobs stores plain JSON).
    parsed = RecomputeParams.model_validate(params)
    report(0.1, "computing the opinion map")
    return consultation_recompute(consultation_id=parsed.consultation_id).model_dump()
