"""The map is recomputed in the background as votes arrive: debounced, warm-started."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.consultation import services
from polyvox.consultation.models import Consultation
from polyvox.consultation.services import RECOMPUTE
from polyvox.engines import opinion
from polyvox.jobs.models import Job
from tests.client import redirect_url
from tests.conftest import World
from tests.consultation.helpers import camp_votes, make_consultation

pytestmark = pytest.mark.django_db


def camps(world: World, slug: str) -> Consultation:
    """Twenty voters in two camps on eight statements, cast through the service."""
    consultation = make_consultation(world.own, slug, statements=8)
    Consultation.objects.filter(id=consultation.id).update(recompute_interval_seconds=3600)
    for _stamp, statement, voter, value in camp_votes(20, 8):
        services.vote_cast(
            consultation=consultation,
            key=f"voter-{voter}",
            statement_number=statement + 1,
            value=value,
        )
    return consultation


def vote(client: Client, consultation: Consultation, number: int) -> None:
    client.post(
        reverse("consultation:vote", args=[consultation.slug]),
        {"statement": number, "vote": "agree"},
    )


class TestDebounce:
    def test_two_votes_queue_one_recompute(self, world: World) -> None:
        consultation = make_consultation(world.own, "debounce", statements=2)
        vote(Client(), consultation, 1)
        vote(Client(), consultation, 2)
        assert Job.objects.filter(kind=RECOMPUTE).count() == 1
        consultation.refresh_from_db()
        assert consultation.recompute_pending

    def test_a_vote_soon_after_an_update_waits(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        consultation = make_consultation(world.own, "soon", statements=2)
        with django_capture_on_commit_callbacks(execute=True):
            vote(Client(), consultation, 1)
        job = Job.objects.get(kind=RECOMPUTE)
        assert job.status == Job.Status.SUCCEEDED
        consultation.refresh_from_db()
        assert consultation.computed_at is not None
        assert not consultation.recompute_pending
        with django_capture_on_commit_callbacks(execute=True):
            vote(Client(), consultation, 2)
        assert Job.objects.filter(kind=RECOMPUTE).count() == 1

    def test_a_vote_after_the_interval_queues_the_next_update(self, world: World) -> None:
        consultation = make_consultation(world.own, "later", statements=1)
        long_ago = timezone.now() - datetime.timedelta(seconds=31)
        Consultation.objects.filter(id=consultation.id).update(computed_at=long_ago)
        vote(Client(), consultation, 1)
        assert Job.objects.filter(kind=RECOMPUTE).count() == 1


class TestRecompute:
    def test_the_job_stores_groups_and_the_engine_state(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        consultation = camps(world, "groups")
        with django_capture_on_commit_callbacks(execute=True):
            response = world.client_for("organiser").post(
                reverse("consultation:recompute", args=[consultation.slug])
            )
        job = Job.objects.filter(kind=RECOMPUTE, created_by=world.users["organiser"]).get()
        assert redirect_url(response) == reverse("jobs:detail", args=[job.id])
        assert job.status == Job.Status.SUCCEEDED, job.error
        assert job.result["groups"] == 2
        consultation.refresh_from_db()
        assert len(consultation.opinion_map["groups"]) == 2
        assert sorted(g["size"] for g in consultation.opinion_map["groups"]) == [10, 10]
        assert set(consultation.engine_state["in_conversation"]) == set(
            consultation.participants.values_list("id", flat=True)
        )
        page = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id]))
        assert "The opinion map is updated." in page.content.decode()

    def test_the_next_update_starts_from_the_stored_state(
        self, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        consultation = camps(world, "warm")
        seen: list[Any] = []
        real_compute = opinion.compute  # what services.compute names

        def recording_compute(*args: Any, **kwargs: Any) -> Any:
            seen.append(kwargs["previous_state"])
            return real_compute(*args, **kwargs)

        monkeypatch.setattr(services, "compute", recording_compute)
        services.consultation_recompute(consultation_id=consultation.id)
        consultation.refresh_from_db()
        first_state = consultation.engine_state
        services.consultation_recompute(consultation_id=consultation.id)
        assert seen[0] is None
        assert seen[1] is not None
        assert seen[1].to_dict() == first_state
        consultation.refresh_from_db()
        assert len(consultation.opinion_map["groups"]) == 2


class TestTrailingVotes:
    def test_viewing_the_map_queues_an_update_for_votes_since_the_last_one(
        self, world: World
    ) -> None:
        consultation = make_consultation(world.published, "trailing", statements=1)
        participant = consultation.participants.create(key="late")
        Consultation.objects.filter(id=consultation.id).update(
            computed_at=timezone.now() - datetime.timedelta(seconds=60)
        )
        participant.votes.create(
            statement=consultation.statements.get(), value=1, updated_at=timezone.now()
        )
        Client().get(reverse("consultation:map", args=[consultation.slug]))
        Client().get(reverse("consultation:map", args=[consultation.slug]))
        assert Job.objects.filter(kind=RECOMPUTE).count() == 1

    def test_an_up_to_date_map_queues_nothing(self, world: World) -> None:
        consultation = make_consultation(world.published, "fresh", statements=1)
        Client().get(reverse("consultation:map", args=[consultation.slug]))
        assert not Job.objects.filter(kind=RECOMPUTE).exists()
