"""Issue 15 item 3: several recommendations per table, each tied to its session; the
site's vote covers one session's recommendations, each citizen voting once per session."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.deliberation.models import Recommendation, RecommendationRanking, Table
from polyvox.deliberation.selectors import recommendations_ranked
from polyvox.dialogues.models import Session
from tests.conftest import World
from tests.deliberation.helpers import make_participants, make_sessions

pytestmark = pytest.mark.django_db


def page_url(world: World, session: Session | None = None) -> str:
    url = reverse("deliberation:recommendations", args=[world.own_site.id])
    return f"{url}?session={session.id}" if session else url


def cast(code: str, choice: list[int]) -> int:
    response = Client().post(
        reverse("api-1:cast_recommendation_ballot"),
        {"code": code, "choice": choice},
        content_type="application/json",
    )
    return response.status_code


@pytest.fixture
def two_sessions(world: World) -> tuple[Session, Session, dict[str, Recommendation]]:
    """Tables 1 and 2 each write two recommendations in the morning and two in the
    afternoon, through the staff page."""
    morning, afternoon = make_sessions(world.own, "morning", "afternoon")
    host = world.client_for("host")
    for number in (1, 2):
        table = Table.objects.create(site=world.own_site, number=number)
        for session in (morning, afternoon):
            for idea in ("a", "b"):
                text = f"{session.key} {number}{idea}"
                data = {"action": "write", "table": table.id, "session": session.id}
                response = host.post(page_url(world), data | {"language": "fr", "text": text})
                assert response.status_code == 302
    written = {pick.text["fr"]: pick for pick in Recommendation.objects.all()}
    return morning, afternoon, written


def test_a_table_writes_several_recommendations_per_session(
    world: World, two_sessions: tuple[Session, Session, dict[str, Recommendation]]
) -> None:
    morning, _afternoon, written = two_sessions
    assert len(written) == 8
    per_table_session = {(r.table.number, r.session_id) for r in written.values()}
    assert len(per_table_session) == 4
    page = world.client_for("host").get(page_url(world, morning)).content.decode()
    assert "morning 1a" in page
    assert "morning 2b" in page
    assert "afternoon 1a" not in page


def test_the_site_votes_on_one_sessions_recommendations_at_a_time(
    world: World, two_sessions: tuple[Session, Session, dict[str, Recommendation]]
) -> None:
    morning, afternoon, written = two_sessions
    host = world.client_for("host")
    (citizen,) = make_participants(world.own_site, 1)
    opened = host.post(
        page_url(world, morning),
        {"action": "ranking", "open": "on", "session": morning.id, "confirm": "yes"},
    )
    assert opened.status_code == 302
    assert cast(citizen.code, [written["afternoon 1a"].id]) == 422  # not this session's
    assert cast(citizen.code, [written["morning 2a"].id, written["morning 1b"].id]) == 201
    host.post(
        page_url(world, morning),
        {"action": "ranking", "open": "off", "session": morning.id, "confirm": "yes"},
    )
    host.post(
        page_url(world, afternoon),
        {"action": "ranking", "open": "on", "session": afternoon.id, "confirm": "yes"},
    )
    assert cast(citizen.code, [written["morning 2a"].id]) == 422  # the morning vote is over
    assert cast(citizen.code, [written["afternoon 1b"].id]) == 201
    ballots = dict(RecommendationRanking.objects.values_list("session__key", "order"))
    assert ballots == {
        "morning": [written["morning 2a"].id, written["morning 1b"].id],
        "afternoon": [written["afternoon 1b"].id],
    }
    morning_ranked, voters = recommendations_ranked(site=world.own_site, session=morning)
    assert voters == 1
    assert morning_ranked[0].recommendation == written["morning 2a"]
    assert {row.recommendation.session_id for row in morning_ranked} == {morning.id}


def test_the_vote_cannot_be_opened_on_another_dialogues_session(
    world: World, two_sessions: tuple[Session, Session, dict[str, Recommendation]]
) -> None:
    (foreign,) = make_sessions(world.other, "elsewhere")
    response = world.client_for("host").post(
        page_url(world), {"action": "ranking", "open": "on", "session": foreign.id}
    )
    assert response.status_code == 400
