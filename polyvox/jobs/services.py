"""Queueing background jobs. Running them is polyvox.jobs.runner (the worker's side)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from polyvox.accounts.models import User
from polyvox.jobs.models import Job
from polyvox.jobs.registry import HANDLERS
from polyvox.jobs.runner import job_report_progress, job_run
from polyvox.jobs.tasks import run_job

__all__ = ["job_enqueue", "job_report_progress", "job_run"]


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
    transaction.on_commit(lambda: run_job.enqueue(str(job.id)))
    return job
