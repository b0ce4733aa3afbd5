"""`polyvox worker`: runs background jobs. Start as many as you like, on any machine that
reaches the database; each job is claimed by exactly one of them. Every worker also sweeps:
a job whose worker died (its lease ran out) is queued again, and the periodic tasks run
(the reminders that have fallen due are queued)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection

from polyvox.jobs.services import jobs_sweep, periodic_run

logger = logging.getLogger(__name__)


def sweep_every(seconds: float, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        try:
            close_old_connections()
            jobs_sweep()
            periodic_run()
        except Exception:
            # A failed sweep is tried again at the next interval; the worker keeps running.
            logger.exception("Sweeping the jobs failed")
        finally:
            connection.close()  # this thread's own connection


class Command(BaseCommand):
    help = "Run background jobs (selection runs, imports, recomputations, reports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run the queued jobs, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--sweep-interval", type=float, default=60.0, help="Seconds between sweeps."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs_sweep()
        periodic_run()
        stop = threading.Event()
        if not options["batch"]:
            sweeper = threading.Thread(
                target=sweep_every, args=(options["sweep_interval"], stop), daemon=True
            )
            sweeper.start()
        try:
            call_command(
                "db_worker",
                batch=options["batch"],
                interval=options["interval"],
                reload=False,
                startup_delay=not options["batch"],
            )
        finally:
            stop.set()
