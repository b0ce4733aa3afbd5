"""Queueing background jobs. Running them is polyvox.jobs.runner (the worker's side)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.jobs.models import Job, Worker
from polyvox.jobs.registry import HANDLERS, PERIODIC
from polyvox.jobs.runner import MAX_ATTEMPTS, job_report_progress, job_run, lease_duration
from polyvox.jobs.tasks import run_job

__all__ = [
    "job_cancel",
    "job_enqueue",
    "job_report_progress",
    "job_run",
    "jobs_sweep",
    "periodic_run",
    "worker_heartbeat",
    "worker_stopped",
]

logger = logging.getLogger(__name__)


def job_enqueue(
    *,
    kind: str,
    params: dict[str, Any],
    dialogue: models.Model | None = None,
    created_by: User | None = None,
) -> Job:
    """Record the job now and queue it when the caller's transaction commits.

    Call it inside the caller's `transaction.atomic()`: "save the upload, record the job,
    link the job to the upload" then commit together or not at all, and a worker is only
    told about the job once its row (and whatever it reads) is committed. Outside a
    transaction (autocommit) the job is queued at once. The dialogue is kept by id:
    jobs sit below dialogues.
    """
    if kind not in HANDLERS:
        raise ValueError(f"Unknown job kind {kind!r}.")
    job = Job.objects.create(
        kind=kind,
        params=params,
        dialogue_id=dialogue.pk if dialogue is not None else None,
        created_by=created_by,
    )
    _enqueue_on_commit(str(job.id))
    return job


def _enqueue_on_commit(job_id: str) -> None:
    transaction.on_commit(lambda: run_job.enqueue(job_id))


class JobError(ValueError):
    """A request about a job that cannot be done, with a message for the person."""


@transaction.atomic
def job_cancel(*, job: Job, actor: User) -> Job:
    """Cancel a queued job at once; ask a running one to stop at its next progress report
    (it then rolls back what it was doing). Audited either way."""
    now = timezone.now()
    stopped = {"cancel_requested_at": now, "cancelled_by": actor}
    # Compare-and-set on the status: a worker claiming the job at the same moment either
    # finds it cancelled, or has it running and sees the request at its next report.
    if Job.objects.filter(id=job.id, status=Job.Status.QUEUED).update(
        status=Job.Status.CANCELLED, finished_at=now, **stopped
    ):
        was = Job.Status.QUEUED
    elif Job.objects.filter(
        id=job.id, status=Job.Status.RUNNING, cancel_requested_at__isnull=True
    ).update(**stopped):
        was = Job.Status.RUNNING
    else:
        raise JobError(_("This job can no longer be cancelled."))
    audit_record(
        actor=actor,
        action="job.cancel",
        dialogue=job.dialogue,
        target=f"job {job.id}",
        details={"kind": job.kind, "status": was},
    )
    job.refresh_from_db()
    return job


@dataclass(frozen=True)
class SweepOutcome:
    requeued: int
    failed: int
    cancelled: int


def jobs_sweep(*, now: datetime.datetime | None = None) -> SweepOutcome:
    """Queue again the running jobs whose worker stopped renewing their lease."""
    now = now or timezone.now()
    expired = Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(lease_expires_at__lt=now)
        # Rows from before leases existed: judged by their start.
        | Q(lease_expires_at__isnull=True, started_at__lt=now - lease_duration())
    )
    requeued = failed = cancelled = 0
    for job_id, attempt, cancel_requested_at in expired.values_list(
        "id", "attempts", "cancel_requested_at"
    ):
        # Compare-and-set on the attempt and the expired lease: a heartbeat that got in
        # first keeps its job, and two sweeps re-queue a job once.
        stale = expired.filter(id=job_id, attempts=attempt)
        if cancel_requested_at is not None:
            cancelled += stale.update(
                status=Job.Status.CANCELLED, finished_at=now, lease_expires_at=None
            )
        elif attempt >= MAX_ATTEMPTS:
            failed += stale.update(
                status=Job.Status.FAILED,
                error=f"Its worker stopped answering {attempt} times.",
                finished_at=now,
                lease_expires_at=None,
            )
        elif stale.update(status=Job.Status.QUEUED, retried_at=now, lease_expires_at=None):
            requeued += 1
            # Ids only in the log: parameters may name people.
            logger.warning("Job %s: its worker stopped answering; queued again", job_id)
            _enqueue_on_commit(str(job_id))
    return SweepOutcome(requeued=requeued, failed=failed, cancelled=cancelled)


# A worker's heartbeat row silent this long is forgotten (it shows as silent until then).
FORGET_SILENT_WORKERS_AFTER = datetime.timedelta(days=1)


def worker_heartbeat(
    *, name: str, started_at: datetime.datetime, now: datetime.datetime | None = None
) -> None:
    """Say this worker is alive (polyvox.jobs.selectors.worker_state reads it)."""
    now = now or timezone.now()
    Worker.objects.update_or_create(name=name, defaults={"started_at": started_at, "seen_at": now})
    Worker.objects.filter(seen_at__lt=now - FORGET_SILENT_WORKERS_AFTER).delete()


def worker_stopped(*, name: str) -> None:
    """A worker that stops cleanly leaves no row behind to look like a dead one."""
    Worker.objects.filter(name=name).delete()


def periodic_run() -> int:
    """Run every registered periodic task once; one that fails is logged and the others
    still run. Returns how many failed."""
    failed = 0
    for name, task in sorted(PERIODIC.items()):
        try:
            task()
        except Exception:
            logger.exception("Periodic task %s failed", name)
            failed += 1
    return failed
