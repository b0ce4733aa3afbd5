from __future__ import annotations

import uuid

from django_tasks import task

from polyvox.jobs import services


@task()
def run_job(job_id: str) -> None:
    services.job_run(job_id=uuid.UUID(job_id))
