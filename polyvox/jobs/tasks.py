from __future__ import annotations

import uuid

from django_tasks import task

from polyvox.jobs import runner


@task()
def run_job(job_id: str) -> None:
    runner.job_run(job_id=uuid.UUID(job_id))
