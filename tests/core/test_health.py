"""/healthz and /readyz tell a load balancer whether to send this app server traffic."""

from __future__ import annotations

import datetime
import os

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from polyvox.core import health
from polyvox.jobs.models import Job


@pytest.fixture
def client() -> Client:
    return Client()


class TestHealthz:
    def test_it_answers_without_the_database(
        self, client: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # No db fixture: any query would fail the test (pytest-django blocks it).
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_it_answers_any_host_over_plain_http(self, client: Client, settings: Settings) -> None:
        # A load balancer probes each app server by its private address, before TLS.
        settings.PRODUCTION = True
        settings.SECURE_SSL_REDIRECT = True
        settings.ALLOWED_HOSTS = ["polyvox.example.org"]

        response = client.get("/healthz", HTTP_HOST="10.0.0.7:8001")

        assert response.status_code == 200

    def test_it_has_no_language_prefix_and_no_login(self, client: Client) -> None:
        assert client.get("/en/healthz").status_code == 404


@pytest.mark.django_db
class TestReadyz:
    def test_it_is_ready_with_a_database_migrations_and_no_stalled_job(
        self, client: Client
    ) -> None:
        response = client.get("/readyz")

        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert set(body["checks"]) == {
            "database_answers",
            "migrations_applied",
            "redis_answers",
            "jobs_not_stalled",
        }
        assert response["Cache-Control"] == "no-store"

    def test_it_is_unavailable_when_the_database_is_down(
        self, client: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(*args: object, **kwargs: object) -> None:
            raise OperationalError("connection to server at db.internal refused")

        monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

        response = client.get("/readyz")

        assert response.status_code == 503
        body = response.json()
        assert body["checks"]["database_answers"] == {"ok": False, "detail": "OperationalError"}
        # The driver's message (host names, users) stays out of the answer.
        assert b"db.internal" not in response.content

    def test_it_is_unavailable_while_migrations_are_pending(
        self, client: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(health, "_migrated", False)
        monkeypatch.setattr(
            "django.db.migrations.executor.MigrationExecutor.migration_plan",
            lambda self, targets: [("a migration", False)],
        )

        response = client.get("/readyz")

        assert response.status_code == 503
        assert response.json()["checks"]["migrations_applied"] == {
            "ok": False,
            "detail": "1 not applied",
        }

    def test_it_is_unavailable_when_redis_does_not_answer(
        self, client: Client, settings: Settings
    ) -> None:
        settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

        response = client.get("/readyz")

        assert response.status_code == 503
        assert response.json()["checks"]["redis_answers"]["ok"] is False

    @pytest.mark.skipif(not os.environ.get("REDIS_TEST_URL"), reason="REDIS_TEST_URL not set")
    def test_it_is_ready_with_a_redis_that_answers(
        self, client: Client, settings: Settings
    ) -> None:
        settings.REDIS_URL = os.environ["REDIS_TEST_URL"]

        response = client.get("/readyz")

        assert response.json()["checks"]["redis_answers"] == {"ok": True}

    def test_it_is_unavailable_when_a_job_waits_too_long(
        self, client: Client, settings: Settings
    ) -> None:
        settings.JOBS_STALLED_SECONDS = 300
        job = Job.objects.create(kind="dialogues.translation_check")
        Job.objects.filter(id=job.id).update(
            created_at=timezone.now() - datetime.timedelta(seconds=301)
        )

        response = client.get("/readyz")

        assert response.status_code == 503
        assert response.json()["checks"]["jobs_not_stalled"]["ok"] is False

    def test_a_job_that_just_arrived_is_not_a_stall(
        self, client: Client, settings: Settings
    ) -> None:
        settings.JOBS_STALLED_SECONDS = 300
        Job.objects.create(kind="dialogues.translation_check")

        assert client.get("/readyz").status_code == 200

    def test_a_running_job_whose_worker_died_long_ago_is_a_stall(
        self, client: Client, settings: Settings
    ) -> None:
        settings.JOBS_STALLED_SECONDS = 300
        settings.JOBS_LEASE_SECONDS = 600
        long_ago = timezone.now() - datetime.timedelta(seconds=1000)
        Job.objects.create(
            kind="dialogues.translation_check",
            status=Job.Status.RUNNING,
            started_at=long_ago,
            attempts=1,
            # The last heartbeat was 1000 s ago, so the lease ran out 400 s ago.
            lease_expires_at=long_ago + datetime.timedelta(seconds=600),
        )

        response = client.get("/readyz")

        assert response.status_code == 503
        assert response.json()["checks"]["jobs_not_stalled"] == {
            "ok": False,
            "detail": "running jobs without a live worker",
        }

    def test_a_running_job_with_a_live_lease_is_fine(
        self, client: Client, settings: Settings
    ) -> None:
        Job.objects.create(
            kind="dialogues.translation_check",
            status=Job.Status.RUNNING,
            started_at=timezone.now(),
            attempts=1,
            lease_expires_at=timezone.now() + datetime.timedelta(seconds=600),
        )

        assert client.get("/readyz").status_code == 200
