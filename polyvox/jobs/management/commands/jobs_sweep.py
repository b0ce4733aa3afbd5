"""`polyvox jobs_sweep`: queue again the jobs whose worker died (the worker also does this)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from polyvox.jobs.services import jobs_sweep


class Command(BaseCommand):
    help = "Queue again the running jobs whose worker stopped renewing their lease."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = jobs_sweep()
        self.stdout.write(
            f"{outcome.requeued} queued again, {outcome.failed} failed, "
            f"{outcome.cancelled} cancelled"
        )
