"""Running a queued job once, with progress; the worker's side (polyvox.jobs.tasks)."""

from __future__ import annotations

import logging
import uuid

from django.utils import timezone

from polyvox.jobs.models import Job
from polyvox.jobs.registry import HANDLERS

logger = logging.getLogger(__name__)


def job_report_progress(*, job_id: uuid.UUID, fraction: float, message: str = "") -> None:
    clamped = min(max(fraction, 0.0), 1.0)
    Job.objects.filter(id=job_id, status=Job.Status.RUNNING).update(
        progress=clamped, message=message[:200]
    )


def job_run(*, job_id: uuid.UUID) -> Job | None:
    """Run a queued job once. Returns None when another worker already claimed it."""
    # Compare-and-set: only one worker moves the job out of QUEUED; a redelivered
    # task finds nothing to update and stops, so a job never runs twice.
    claimed = Job.objects.filter(id=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.get(id=job_id)

    def report(fraction: float, message: str = "") -> None:
        job_report_progress(job_id=job_id, fraction=fraction, message=message)

    try:
        result = HANDLERS[job.kind](job.params, report)
    except Exception as error:
        # Log the kind and id only: parameters and messages may name people.
        logger.exception("Job %s (%s) failed", job.id, job.kind)
        Job.objects.filter(id=job_id).update(
            status=Job.Status.FAILED,
            error=type(error).__name__ + ": " + str(error)[:500],
            finished_at=timezone.now(),
        )
    else:
        Job.objects.filter(id=job_id).update(
            status=Job.Status.SUCCEEDED, progress=1.0, result=result, finished_at=timezone.now()
        )
    return Job.objects.get(id=job_id)
