"""`polyvox worker`: runs background jobs. Start as many as you like, on any machine that
reaches the database; each job is claimed by exactly one of them. Every worker also beats
(a row in jobs_worker, read by /metrics), sweeps (a job whose worker died, its lease run
out, is queued again) and runs the periodic tasks (the reminders that have fallen due are
queued)."""

from __future__ import annotations

import datetime
import logging
import threading
import time
from typing import Any

import psycopg
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)
from django.utils import timezone

from polyvox.jobs.runner import worker_name
from polyvox.jobs.selectors import HEARTBEAT_SECONDS
from polyvox.jobs.services import jobs_sweep, periodic_run, worker_heartbeat, worker_stopped

logger = logging.getLogger(__name__)

# django-tasks' loop ends on a lost connection (PostgreSQL restarting); the worker starts it
# again after a pause, and gives up (exits, for systemd to restart) only when the database
# stays unreachable this long.
RECONNECT_PAUSE_SECONDS = 2.0
GIVE_UP_AFTER_SECONDS = 300.0


def housekeeping(
    stop: threading.Event, *, name: str, started_at: datetime.datetime, sweep_seconds: float
) -> None:
    """A heartbeat every HEARTBEAT_SECONDS and a sweep every `sweep_seconds`, on this
    thread's own connection, until `stop` is set."""
    last_sweep = time.monotonic()
    while not stop.wait(min(HEARTBEAT_SECONDS, sweep_seconds)):
        try:
            close_old_connections()
            worker_heartbeat(name=name, started_at=started_at)
            if time.monotonic() - last_sweep >= sweep_seconds:
                last_sweep = time.monotonic()
                jobs_sweep()
                periodic_run()
        except Exception:
            # Tried again at the next beat (the database restarting, say); the worker goes on.
            logger.exception("The worker's heartbeat or sweep failed")
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
        name, started_at = worker_name(), timezone.now()
        worker_heartbeat(name=name, started_at=started_at)
        jobs_sweep()
        periodic_run()
        stop = threading.Event()
        if not options["batch"]:
            threading.Thread(
                target=housekeeping,
                args=(stop,),
                kwargs={
                    "name": name,
                    "started_at": started_at,
                    "sweep_seconds": options["sweep_interval"],
                },
                daemon=True,
            ).start()
        try:
            self.run_jobs(batch=options["batch"], interval=options["interval"])
        finally:
            stop.set()
            try:
                worker_stopped(name=name)
            except DatabaseError:
                # The database is gone: the row stays and shows this worker as silent.
                logger.exception("Could not remove this worker's heartbeat")

    def run_jobs(self, *, batch: bool, interval: float) -> None:
        failing_since: float | None = None
        while True:
            attempt_started = time.monotonic()
            try:
                call_command(
                    "db_worker",
                    batch=batch,
                    interval=interval,
                    reload=False,
                    startup_delay=not batch,
                )
                return
            # psycopg's own error too: a connection lost while opening escapes Django's wrapping.
            except (OperationalError, InterfaceError, psycopg.OperationalError):
                if batch:
                    raise
                now = time.monotonic()
                if now - attempt_started > 5 * RECONNECT_PAUSE_SECONDS:
                    failing_since = None  # it had worked since: a new outage
                failing_since = failing_since if failing_since is not None else attempt_started
                if now - failing_since > GIVE_UP_AFTER_SECONDS:
                    raise
                # A job cut short here is swept and run again once its lease runs out.
                logger.exception("The database connection was lost; taking jobs again soon")
                connection.close()
                time.sleep(RECONNECT_PAUSE_SECONDS)
                continue
