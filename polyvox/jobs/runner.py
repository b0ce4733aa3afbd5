"""Running a queued job once, with progress; the worker's side (polyvox.jobs.tasks).

A running attempt holds a lease that each progress report renews (the heartbeat). When a
worker dies, its lease runs out and services.jobs_sweep queues the job again, up to MAX_ATTEMPTS.
Handlers compute first and write their effects in one transaction at the end, so an
attempt that dies or is stopped leaves nothing behind and the next one starts clean.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import uuid

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from polyvox.jobs.models import Job
from polyvox.jobs.registry import HANDLERS

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def worker_name() -> str:
    """This process as the jobs table and the heartbeats name it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def lease_duration() -> datetime.timedelta:
    # Long enough for the slowest stretch between two progress reports.
    seconds: int = settings.JOBS_LEASE_SECONDS
    return datetime.timedelta(seconds=seconds)


class JobStopped(Exception):
    """The job was cancelled, or its lease passed to a newer attempt: stop and undo."""


def job_report_progress(
    *, job_id: uuid.UUID, fraction: float, message: str = "", attempt: int | None = None
) -> None:
    """Show progress and renew the lease; raises JobStopped when the attempt must stop.

    Raised inside the handler, JobStopped rolls back whatever transaction it is in."""
    clamped = min(max(fraction, 0.0), 1.0)
    attempts = Job.objects.filter(id=job_id, status=Job.Status.RUNNING)
    if attempt is not None:
        attempts = attempts.filter(attempts=attempt)
    renewed = attempts.filter(cancel_requested_at__isnull=True).update(
        progress=clamped,
        message=message[:200],
        lease_expires_at=timezone.now() + lease_duration(),
    )
    if not renewed:
        raise JobStopped


def job_run(*, job_id: uuid.UUID) -> Job | None:
    """Run a queued job once. Returns None when another worker already claimed it."""
    now = timezone.now()
    # Compare-and-set: only one worker moves the job out of QUEUED; a redelivered
    # task finds nothing to update and stops, so an attempt never runs twice.
    claimed = Job.objects.filter(id=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=now,
        attempts=F("attempts") + 1,
        lease_expires_at=now + lease_duration(),
        worker=worker_name(),
    )
    if not claimed:
        return None
    job = Job.objects.get(id=job_id)
    attempt = job.attempts
    # Every end below is a compare-and-set on this attempt: an attempt the sweep gave up
    # on (and re-queued) must not overwrite the newer attempt's status.
    this_attempt = Job.objects.filter(id=job_id, status=Job.Status.RUNNING, attempts=attempt)

    def report(fraction: float, message: str = "") -> None:
        job_report_progress(job_id=job_id, fraction=fraction, message=message, attempt=attempt)

    try:
        result = HANDLERS[job.kind](job.params, report)
    except JobStopped:
        logger.info("Job %s (%s) stopped", job.id, job.kind)
        this_attempt.filter(cancel_requested_at__isnull=False).update(
            status=Job.Status.CANCELLED, finished_at=timezone.now(), lease_expires_at=None
        )
    except Exception as error:
        # Log the kind and id only: parameters and messages may name people.
        logger.exception("Job %s (%s) failed", job.id, job.kind)
        this_attempt.update(
            status=Job.Status.FAILED,
            error=type(error).__name__ + ": " + str(error)[:500],
            finished_at=timezone.now(),
            lease_expires_at=None,
        )
    else:
        # A cancel asked for after the last progress report came too late: the effects
        # are committed, so the job is done.
        this_attempt.update(
            status=Job.Status.SUCCEEDED,
            progress=1.0,
            result=result,
            finished_at=timezone.now(),
            lease_expires_at=None,
        )
    ended = Job.objects.get(id=job_id)
    log_attempt(ended, started=now)
    return ended


def log_attempt(job: Job, *, started: datetime.datetime) -> None:
    """One line per attempt; with LOG_FORMAT=json a structured one (polyvox.core.logs).
    The kind and id only: parameters and messages may name people."""
    duration_ms = round((timezone.now() - started).total_seconds() * 1000, 1)
    logger.info(
        "Job %s (%s) ended %s after %s ms, attempt %s",
        job.id,
        job.kind,
        job.status,
        duration_ms,
        job.attempts,
        extra={
            "event": "job",
            "job": job.kind,
            "job_id": str(job.id),
            "status": job.status,
            "duration_ms": duration_ms,
            "attempts": job.attempts,
        },
    )
