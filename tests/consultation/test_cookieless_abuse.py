"""A script that drops the participant cookie is a new participant at every request: the
per-person limits never see it, so new participants are counted per address (issue 12, 8)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.consultation.models import ConsultationParticipant
from polyvox.consultation.views import (
    NEW_AUTHOR_STATEMENTS_PER_ADDRESS,
    NEW_PARTICIPANTS_PER_ADDRESS,
)
from polyvox.core import ratelimit
from tests.conftest import World
from tests.consultation.helpers import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits count in fixed windows: keep the test inside one, wherever the clock is."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))


PER_MINUTE = NEW_PARTICIPANTS_PER_ADDRESS[0].limit


def cookieless_posts(url: str, data: dict[str, str], times: int, address: str) -> list[int]:
    # A fresh client each time: no cookie is ever sent back.
    return [Client(REMOTE_ADDR=address).post(url, data).status_code for _attempt in range(times)]


def test_cookieless_votes_from_one_address_create_a_bounded_number_of_participants(
    world: World,
) -> None:
    consultation = make_consultation(world.own, "cookieless")
    url = reverse("consultation:vote", args=[consultation.slug])
    statuses = cookieless_posts(url, {"statement": "1", "vote": "agree"}, 100, "203.0.113.9")
    assert statuses[:PER_MINUTE] == [302] * PER_MINUTE
    assert set(statuses[PER_MINUTE:]) == {429}
    assert ConsultationParticipant.objects.count() == PER_MINUTE
    # Another address is not held back by the first one's count.
    assert cookieless_posts(url, {"statement": "1", "vote": "agree"}, 1, "198.51.100.7") == [302]


def test_a_participant_with_a_cookie_keeps_voting_after_the_address_is_full(world: World) -> None:
    consultation = make_consultation(world.own, "venue")
    url = reverse("consultation:vote", args=[consultation.slug])
    citizen = Client(REMOTE_ADDR="203.0.113.9")
    assert citizen.post(url, {"statement": "1", "vote": "agree"}).status_code == 302
    cookieless_posts(url, {"statement": "1", "vote": "agree"}, PER_MINUTE + 5, "203.0.113.9")
    assert citizen.post(url, {"statement": "2", "vote": "agree"}).status_code == 302
    assert citizen.post(url, {"statement": "3", "vote": "pass"}).status_code == 302


def test_a_forged_cookie_counts_as_no_cookie(world: World) -> None:
    consultation = make_consultation(world.own, "forged")
    url = reverse("consultation:vote", args=[consultation.slug])
    statuses = []
    for attempt in range(PER_MINUTE + 3):
        client = Client(REMOTE_ADDR="203.0.113.9")
        client.cookies["polyvox_participant"] = f"forged-{attempt}"
        statuses.append(client.post(url, {"statement": "1", "vote": "agree"}).status_code)
    assert statuses[-1] == 429
    assert ConsultationParticipant.objects.count() == PER_MINUTE


def test_cookieless_statements_from_one_address_are_limited_as_one_person(world: World) -> None:
    consultation = make_consultation(world.own, "statements", statements=0)
    url = reverse("consultation:submit", args=[consultation.slug])
    limit = NEW_AUTHOR_STATEMENTS_PER_ADDRESS.limit
    statuses = [
        Client(REMOTE_ADDR="203.0.113.9").post(url, {"text": f"Idea {n}"}).status_code
        for n in range(limit + 2)
    ]
    assert statuses == [302] * limit + [429, 429]
    assert consultation.statements.count() == limit
    assert ConsultationParticipant.objects.count() == limit


def test_about_you_is_limited_too(world: World) -> None:
    consultation = make_consultation(world.own, "about")
    url = reverse("consultation:describe", args=[consultation.slug])
    statuses = cookieless_posts(url, {}, PER_MINUTE + 2, "203.0.113.9")
    assert statuses[-1] == 429
    assert ConsultationParticipant.objects.count() == PER_MINUTE
    # One participant answering again and again is held to the per-person rate.
    participant = Client(REMOTE_ADDR="198.51.100.7")
    answers = [participant.post(url, {}).status_code for _attempt in range(25)]
    assert 429 in answers
    assert ConsultationParticipant.objects.count() == PER_MINUTE + 1
