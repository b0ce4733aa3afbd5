"""/metrics gives Prometheus the figures to watch, only to whom may scrape, and never a
path: paths and queries carry voting codes and self-service tokens."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from polyvox.jobs.models import Job, Worker
from tests.conftest import World
from tests.deliberation.helpers import first_option, make_agenda, make_participants, open_all

CODE = "SECRETCODE7Q4"
TOKEN = "SECRETTOKENx9Zk2"


def scrape(client: Client, **extra: str) -> str:
    response = client.get("/metrics", **extra)  # type: ignore[arg-type]
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.django_db
class TestWhoMayScrape:
    def test_it_answers_the_loopback_by_default(self, client: Client) -> None:
        assert "polyvox_http_requests_total" in scrape(client)

    def test_it_refuses_an_address_not_allowed(self, client: Client) -> None:
        response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")

        assert response.status_code == 403
        assert b"polyvox" not in response.content

    def test_it_answers_an_allowed_network(self, client: Client, settings: Settings) -> None:
        settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]

        scrape(client, REMOTE_ADDR="10.1.2.3")
        assert client.get("/metrics").status_code == 403  # the loopback no longer is

    def test_a_forged_forwarded_address_does_not_get_in(
        self, client: Client, settings: Settings
    ) -> None:
        # Behind one proxy, the address is the one that proxy appended, not the client's list.
        settings.TRUSTED_PROXIES = 1
        response = client.get(
            "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9"
        )

        assert response.status_code == 403

    def test_the_right_token_gets_in_from_anywhere(
        self, client: Client, settings: Settings
    ) -> None:
        settings.METRICS_TOKEN = "scrape-token-123"

        scrape(client, REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer scrape-token-123")

    def test_a_wrong_or_missing_token_is_refused(self, client: Client, settings: Settings) -> None:
        settings.METRICS_TOKEN = "scrape-token-123"

        for header in ("Bearer scrape-token-124", "scrape-token-123", ""):
            response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=header)
            assert response.status_code == 403, header

    def test_no_token_set_means_no_token_accepted(self, client: Client) -> None:
        response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ")

        assert response.status_code == 403


@pytest.mark.django_db
class TestWhatItShows:
    def test_it_names_every_figure_to_watch(self, client: Client) -> None:
        client.get("/en/")
        text = scrape(client)

        for name in (
            "polyvox_http_requests_total",
            "polyvox_http_request_duration_seconds_bucket",
            "polyvox_ballots_stored",
            "polyvox_ballots_acknowledged_total",
            "polyvox_ballots_refused_total",
            "polyvox_rate_limit_refusals_total",
            "polyvox_jobs_queued",
            "polyvox_jobs_running",
            "polyvox_jobs_oldest_queued_age_seconds",
            "polyvox_jobs_last_heartbeat_age_seconds",
            "polyvox_jobs_expired_leases",
            "polyvox_workers_alive",
            "polyvox_workers_silent",
        ):
            assert f"# TYPE {name.removesuffix('_bucket').removesuffix('_total')}" in text, name

    def test_requests_are_counted_by_route_pattern_never_by_path(self, client: Client) -> None:
        client.get(f"/en/vote/?code={CODE}")
        client.get(f"/en/my-data/{TOKEN}/")
        client.get(f"/en/no-such-page/{TOKEN}/")
        client.get(f"/static/{TOKEN}.css")
        text = scrape(client)

        assert CODE not in text
        assert TOKEN not in text
        assert 'route="/en/my-data/<str:token>/"' in text
        assert 'route="/en/vote/"' in text
        assert 'route="<no route>"' in text
        assert 'route="/static/<file>"' in text

    def test_the_queue_depth_and_oldest_age_come_from_the_database(self, client: Client) -> None:
        job = Job.objects.create(kind="dialogues.translation_check")
        Job.objects.create(kind="dialogues.translation_check")
        Job.objects.filter(id=job.id).update(
            created_at=timezone.now() - datetime.timedelta(seconds=120)
        )

        lines = scrape(client).splitlines()

        assert "polyvox_jobs_queued 2.0" in lines
        age = next(
            float(line.split()[1])
            for line in lines
            if line.startswith("polyvox_jobs_oldest_queued_age_seconds ")
        )
        assert 120 <= age < 180

    def test_a_running_job_reports_its_last_heartbeat(
        self, client: Client, settings: Settings
    ) -> None:
        settings.JOBS_LEASE_SECONDS = 600
        Job.objects.create(
            kind="dialogues.translation_check",
            status=Job.Status.RUNNING,
            attempts=1,
            lease_expires_at=timezone.now() + datetime.timedelta(seconds=540),
        )

        lines = scrape(client).splitlines()

        assert "polyvox_jobs_running 1.0" in lines
        heartbeat = next(
            float(line.split()[1])
            for line in lines
            if line.startswith("polyvox_jobs_last_heartbeat_age_seconds ")
        )
        assert 60 <= heartbeat < 120

    def test_workers_alive_and_silent_come_from_their_heartbeats(self, client: Client) -> None:
        now = timezone.now()
        Worker.objects.create(name="a:1", started_at=now, seen_at=now)
        Worker.objects.create(
            name="b:2", started_at=now, seen_at=now - datetime.timedelta(minutes=5)
        )

        lines = scrape(client).splitlines()

        assert "polyvox_workers_alive 1.0" in lines
        assert "polyvox_workers_silent 1.0" in lines

    def test_a_refused_api_ballot_is_counted_by_reason(self, client: Client) -> None:
        before = refused(scrape(client), "api", "not_found")

        client.post(
            "/api/v1/ballots",
            {"code": CODE, "question": 999999, "choice": 1},
            content_type="application/json",
        )
        client.post("/api/v1/ballots", "code=x", content_type="text/plain")
        text = scrape(client)

        assert refused(text, "api", "not_found") == before + 1
        assert refused(text, "api", "not_json") >= 1
        assert CODE not in text

    def test_a_rate_limited_request_is_counted(self, client: Client, settings: Settings) -> None:
        settings.RATE_LIMITS_ENABLED = True
        for attempt in range(25):
            response = client.post("/en/my-data/", {"email": f"{attempt}@example.org"})
            if response.status_code == 429:
                break
        assert response.status_code == 429

        assert 'polyvox_rate_limit_refusals_total{route="/en/my-data/"}' in scrape(client)


def refused(text: str, channel: str, reason: str) -> float:
    prefix = f'polyvox_ballots_refused_total{{channel="{channel}",reason="{reason}"}} '
    return next(
        (float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix)), 0.0
    )


@pytest.mark.django_db
def test_stored_ballots_come_from_the_database_and_resends_are_not_counted_twice(
    world: World,
) -> None:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    [citizen] = make_participants(world.own_site, 1)
    ballot = {
        "code": citizen.code,
        "question": agenda.single.id,
        "choice": first_option(agenda.single).id,
    }
    client = Client()
    before = acknowledged(scrape(client))

    statuses = [
        client.post("/api/v1/ballots", ballot, content_type="application/json").status_code
        for _ in range(2)
    ]
    text = scrape(client)

    assert statuses == [201, 200]  # the second is a resend: acknowledged again, stored once
    assert acknowledged(text) == before + 2
    assert 'polyvox_ballots_stored{origin="online"} 1.0' in text.splitlines()
    assert citizen.code not in text


def acknowledged(text: str) -> float:
    prefix = 'polyvox_ballots_acknowledged_total{channel="api"} '
    return next(
        (float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix)), 0.0
    )
