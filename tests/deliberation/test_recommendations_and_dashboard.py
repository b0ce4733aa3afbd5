from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from polyvox.deliberation.ballots import ballot_cast
from polyvox.deliberation.checkin import tables_seat
from polyvox.deliberation.models import Participant, Recommendation, RecommendationRanking, Table
from polyvox.deliberation.recommendations import ranking_open_set
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all

pytestmark = pytest.mark.django_db


def rank_as(citizen: Participant, ranks: dict[int, int]) -> Client:
    client = Client()
    client.post(reverse("deliberation:vote-login"), {"code": citizen.code})
    client.post(reverse("deliberation:rank"), {f"rank-{rid}": str(r) for rid, r in ranks.items()})
    return client


class TestRecommendations:
    @pytest.fixture
    def written(self, world: World) -> list[Recommendation]:
        # The facilitator writes for the tables in their charge.
        tables = [
            Table.objects.create(
                site=world.own_site, number=n, facilitator=world.users["facilitator"]
            )
            for n in (1, 2, 3)
        ]
        client = world.client_for("facilitator")
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        for table, text in zip(tables, ["Free wifi", "Teach privacy", "Open data"], strict=True):
            client.post(url, {"action": "write", "table": table.id, "language": "fr", "text": text})
        # Opening the vote is a site-wide switch: the host's (issue 12 item 7).
        opened = world.client_for("host").post(
            url, {"action": "ranking", "open": "on", "confirm": "yes"}
        )
        assert opened.status_code == 302
        return [Recommendation.objects.get(table=table) for table in tables]

    def test_citizens_rank_and_the_list_follows_the_modified_borda_count(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, data = written
        citizens = make_participants(world.own_site, 3)
        rank_as(citizens[0], {wifi.id: 1, privacy.id: 2, data.id: 3})
        rank_as(citizens[1], {privacy.id: 1, wifi.id: 2})
        rank_as(citizens[2], {privacy.id: 1})
        # Borda: privacy 2+2+1 = 5, wifi 3+1 = 4, data 1.
        page = (
            world.client_for("host")
            .get(reverse("deliberation:recommendations", args=[world.own_site.id]))
            .content.decode()
        )
        assert page.index("Teach privacy") < page.index("Free wifi") < page.index("Open data")
        assert "modified Borda count" in page
        assert RecommendationRanking.objects.count() == 3

    def test_a_second_ranking_replaces_the_first(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, _data = written
        (citizen,) = make_participants(world.own_site, 1)
        client = rank_as(citizen, {wifi.id: 1})
        client.post(reverse("deliberation:rank"), {f"rank-{privacy.id}": "1"})
        assert RecommendationRanking.objects.get().order == [privacy.id]

    def test_ranking_is_refused_once_the_vote_is_closed(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, *_rest = written
        ranking_open_set(site=world.own_site, enabled=False)
        (citizen,) = make_participants(world.own_site, 1)
        rank_as(citizen, {wifi.id: 1})
        assert not RecommendationRanking.objects.exists()

    def test_organisers_add_translations(self, world: World, written: list[Recommendation]) -> None:
        wifi, *_rest = written
        world.own_site.languages = ["fr", "en"]
        world.own_site.save()
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        world.client_for("organiser").post(
            url,
            {
                "action": "translate",
                "recommendation": wifi.id,
                "language": "en",
                "text": "Free wi-fi",
            },
        )
        wifi.refresh_from_db()
        assert wifi.text == {"fr": "Free wifi", "en": "Free wi-fi"}
        assert wifi.language == "fr"


class TestDashboard:
    def test_it_counts_votes_per_table_with_a_bounded_number_of_queries(
        self, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        agenda = make_agenda(world.own)
        open_all(world.own_site, agenda)
        make_participants(world.own_site, 40)
        tables_seat(site=world.own_site, table_size=8)
        yes = agenda.single.options.first()
        assert yes is not None
        for citizen in world.own_site.participants.all()[:13]:
            ballot_cast(participant=citizen, question_id=agenda.single.id, choice=yes.id)
        client = world.client_for("host")  # a facilitator sees only their own tables' rows
        url = reverse("deliberation:dashboard", args=[world.own_site.id])
        with django_assert_max_num_queries(12):
            page = client.get(url)
        content = page.content.decode()
        assert content.count("Table ") >= 5
        assert "<td>40</td><td>13</td>" in content
        assert 'hx-trigger="every 15s"' in content
        with django_assert_max_num_queries(12):
            partial = client.get(url, headers={"HX-Request": "true"})
        assert "<html" not in partial.content.decode()
