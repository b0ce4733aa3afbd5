"""Jobs that survive their worker: leases renewed by progress reports, a sweep that queues a
dead worker's job again, and cancelling (issue 12 item 13, issue 19 item 3)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from polyvox.audit.models import AuditEvent
from polyvox.jobs import services
from polyvox.jobs.management.commands import worker as worker_command
from polyvox.jobs.models import Job, Worker
from polyvox.jobs.registry import HANDLERS, JobResult, ProgressReporter, job_handler
from polyvox.jobs.runner import MAX_ATTEMPTS, JobStopped, worker_name
from polyvox.people.models import Person
from tests.conftest import World

pytestmark = pytest.mark.django_db

KIND = "tests.effect"
CANCEL_WHILE_RUNNING: list[tuple[Client, object]] = []


@pytest.fixture
def runs() -> Iterator[list[str]]:
    """A job kind whose effect (a Person row) is written in one transaction with a progress
    report inside it, as a long import does; `runs` counts the calls of its handler."""
    calls: list[str] = []

    @job_handler(KIND)
    def write_effect(params: dict[str, Any], report: ProgressReporter) -> JobResult:
        calls.append("run")
        report(0.1, "starting")
        for client, job_id in CANCEL_WHILE_RUNNING:
            # An organiser presses cancel while the job works.
            client.post(reverse("jobs:cancel", args=[job_id]))
        with transaction.atomic():
            Person.objects.create(full_name="Effect of the job")
            report(0.9, "writing")
        return {"written": 1}

    yield calls
    HANDLERS.pop(KIND)
    CANCEL_WHILE_RUNNING.clear()


def dead_worker_job(world: World, *, attempts: int = 1) -> Job:
    """What a worker killed mid-job leaves: running, its lease long expired."""
    return Job.objects.create(
        kind=KIND,
        dialogue=world.own,
        created_by=world.users["organiser"],
        status=Job.Status.RUNNING,
        attempts=attempts,
        started_at=timezone.now() - datetime.timedelta(hours=1),
        lease_expires_at=timezone.now() - datetime.timedelta(minutes=30),
        progress=0.4,
    )


class TestSweep:
    def test_it_queues_a_dead_workers_job_again_and_it_runs_once(
        self,
        world: World,
        runs: list[str],
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        job = dead_worker_job(world)
        with django_capture_on_commit_callbacks(execute=False) as queued:
            outcome = services.jobs_sweep()
        assert (outcome.requeued, len(queued)) == (1, 1)
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED
        assert job.retried_at is not None
        finished = services.job_run(job_id=job.id)
        assert finished is not None
        assert (finished.status, finished.attempts) == (Job.Status.SUCCEEDED, 2)
        assert services.job_run(job_id=job.id) is None  # the queue delivering it twice
        assert runs == ["run"]
        assert Person.objects.filter(full_name="Effect of the job").count() == 1
        page = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id]))
        assert "started again" in page.content.decode()

    def test_the_job_names_the_worker_that_claimed_it(self, world: World, runs: list[str]) -> None:
        job = dead_worker_job(world)
        Job.objects.filter(id=job.id).update(worker="elsewhere:99")
        services.jobs_sweep()
        finished = services.job_run(job_id=job.id)
        assert finished is not None
        assert finished.worker == worker_name()

    def test_it_leaves_a_job_whose_lease_is_renewed(self, world: World, runs: list[str]) -> None:
        job = dead_worker_job(world)
        Job.objects.filter(id=job.id).update(
            lease_expires_at=timezone.now() + datetime.timedelta(minutes=5)
        )
        assert services.jobs_sweep().requeued == 0
        assert Job.objects.get(id=job.id).status == Job.Status.RUNNING

    def test_a_progress_report_renews_the_lease(self, world: World, runs: list[str]) -> None:
        job = dead_worker_job(world)
        services.job_report_progress(job_id=job.id, fraction=0.5, attempt=1)
        lease = Job.objects.get(id=job.id).lease_expires_at
        assert lease is not None
        assert lease > timezone.now()

    def test_it_gives_up_after_the_last_attempt(self, world: World, runs: list[str]) -> None:
        job = dead_worker_job(world, attempts=MAX_ATTEMPTS)
        assert services.jobs_sweep().failed == 1
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert "stopped answering" in job.error

    def test_the_old_attempt_cannot_finish_over_the_new_one(
        self, world: World, runs: list[str]
    ) -> None:
        job = dead_worker_job(world)
        services.jobs_sweep()
        # Another worker claims attempt 2 ...
        Job.objects.filter(id=job.id).update(
            status=Job.Status.RUNNING,
            attempts=2,
            lease_expires_at=timezone.now() + datetime.timedelta(minutes=5),
        )
        # ... and attempt 1's worker, only slow, is told to stop at its next report.
        with pytest.raises(JobStopped):
            services.job_report_progress(job_id=job.id, fraction=0.5, attempt=1)
        services.job_report_progress(job_id=job.id, fraction=0.5, attempt=2)

    def test_the_sweep_is_a_command(self, world: World, runs: list[str]) -> None:
        job = dead_worker_job(world)
        call_command("jobs_sweep", stdout=io.StringIO())
        assert Job.objects.get(id=job.id).status == Job.Status.QUEUED


class TestCancel:
    def test_a_cancelled_queued_job_never_runs(self, world: World, runs: list[str]) -> None:
        job = services.job_enqueue(
            kind=KIND, params={}, dialogue=world.own, created_by=world.users["organiser"]
        )
        client = world.client_for("organiser")
        page = client.get(reverse("jobs:detail", args=[job.id])).content.decode()
        assert reverse("jobs:cancel", args=[job.id]) in page
        response = client.post(reverse("jobs:cancel", args=[job.id]), follow=True)
        assert "The job is cancelled." in response.content.decode()
        assert services.job_run(job_id=job.id) is None
        assert runs == []
        job.refresh_from_db()
        assert (job.status, job.cancelled_by) == (Job.Status.CANCELLED, world.users["organiser"])
        event = AuditEvent.objects.get(action="job.cancel")
        assert (event.actor, event.dialogue_id) == (world.users["organiser"], world.own.id)
        assert event.details == {"kind": KIND, "status": "queued"}

    def test_a_running_job_stops_at_its_next_report_and_rolls_back(
        self, world: World, runs: list[str]
    ) -> None:
        job = Job.objects.create(kind=KIND, dialogue=world.own, created_by=world.users["host"])
        CANCEL_WHILE_RUNNING.append((world.client_for("organiser"), job.id))
        finished = services.job_run(job_id=job.id)
        assert finished is not None
        assert finished.status == Job.Status.CANCELLED
        assert runs == ["run"]
        assert not Person.objects.filter(full_name="Effect of the job").exists()
        assert AuditEvent.objects.get(action="job.cancel").details["status"] == "running"
        page = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id]))
        assert "was cancelled" in page.content.decode()

    def test_a_finished_job_cannot_be_cancelled(self, world: World, runs: list[str]) -> None:
        job = Job.objects.create(kind=KIND, dialogue=world.own, created_by=world.users["host"])
        services.job_run(job_id=job.id)
        client = world.client_for("organiser")
        response = client.post(reverse("jobs:cancel", args=[job.id]), follow=True)
        assert "can no longer be cancelled" in response.content.decode()
        assert Job.objects.get(id=job.id).status == Job.Status.SUCCEEDED
        assert not AuditEvent.objects.filter(action="job.cancel").exists()

    def test_the_creator_may_cancel_their_job(self, world: World, runs: list[str]) -> None:
        job = Job.objects.create(kind=KIND, created_by=world.users["host"])
        world.client_for("host").post(reverse("jobs:cancel", args=[job.id]))
        assert Job.objects.get(id=job.id).status == Job.Status.CANCELLED


# The worker closes stale connections between tasks: not inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sweeps_then_runs_the_dead_workers_job_once(
    world: World, runs: list[str], settings: Settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = dead_worker_job(world)
    call_command("worker", batch=True, verbosity=0)
    assert Job.objects.get(id=job.id).status == Job.Status.SUCCEEDED
    assert runs == ["run"]
    assert Person.objects.filter(full_name="Effect of the job").count() == 1


class TestWorkerHeartbeats:
    def test_a_heartbeat_renews_the_workers_row(self) -> None:
        started = timezone.now() - datetime.timedelta(minutes=1)
        services.worker_heartbeat(name="host:1", started_at=started, now=started)
        services.worker_heartbeat(name="host:1", started_at=started)
        worker = Worker.objects.get()
        assert worker.seen_at > worker.started_at == started

    def test_a_worker_silent_for_a_day_is_forgotten(self) -> None:
        now = timezone.now()
        services.worker_heartbeat(
            name="dead:1", started_at=now, now=now - datetime.timedelta(days=2)
        )
        services.worker_heartbeat(name="alive:2", started_at=now, now=now)
        assert list(Worker.objects.values_list("name", flat=True)) == ["alive:2"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_stops_cleanly_leaves_no_heartbeat_behind(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", batch=True, verbosity=0)
    assert not Worker.objects.exists()


# The worker closes its database connections to reconnect: outside a test transaction, so
# that on PostgreSQL the test's own connection can open again afterwards.
@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_jobs_again_after_losing_the_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL restarting ends django-tasks' loop; the worker starts it again instead of
    exiting (and leaving its heartbeat to look like a dead worker's)."""
    calls: list[str] = []

    def db_worker(command: str, **options: Any) -> None:
        calls.append(command)
        if len(calls) == 1:
            raise OperationalError("the connection is lost")

    monkeypatch.setattr(worker_command, "call_command", db_worker)
    monkeypatch.setattr(worker_command, "RECONNECT_PAUSE_SECONDS", 0.0)
    call_command("worker", sweep_interval=60, verbosity=0)
    assert calls == ["db_worker", "db_worker"]
    assert not Worker.objects.exists()


def test_a_batch_worker_stops_on_a_lost_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def db_worker(command: str, **options: Any) -> None:
        raise OperationalError("the connection is lost")

    monkeypatch.setattr(worker_command, "call_command", db_worker)
    with pytest.raises(OperationalError):
        call_command("worker", batch=True, verbosity=0)
