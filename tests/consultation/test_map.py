"""The opinion map page, its JSON API, and the demo conversation with its attribution."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from polyvox.consultation import services
from polyvox.consultation.models import Consultation
from polyvox.demo import consultation as demo
from tests.conftest import World
from tests.consultation.helpers import camp_votes, make_consultation

pytestmark = pytest.mark.django_db


def camps(world: World) -> Consultation:
    consultation = make_consultation(world.published, "map", statements=8)
    for _stamp, statement, voter, value in camp_votes(20, 8):
        services.vote_cast(
            consultation=consultation, key=f"v{voter}", statement_number=statement + 1, value=value
        )
    services.consultation_recompute(consultation_id=consultation.id)
    return consultation


class TestMapPage:
    def test_it_shows_the_groups_as_points_and_as_a_table(
        self, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        consultation = camps(world)
        with django_assert_max_num_queries(8):
            response = Client().get(reverse("consultation:map", args=[consultation.slug]))
        html = response.content.decode()
        assert 'role="img"' in html
        assert '<title id="map-title">' in html
        assert html.count("<circle") == 20
        assert "Group A" in html
        assert "Group B" in html
        groups = response.context["map"].groups
        assert [g.size for g in groups] == [10, 10]
        # The divisive statements represent the groups; each side with its percentage.
        assert all(g.representative for g in groups)
        assert "% of the group agree" in html or "% of the group disagree" in html
        ranking = response.context["map"].ranking
        assert len(ranking) == 8
        # Statements everyone agrees with (the odd ones) lead the group-informed ranking.
        assert ranking[0].statement.number % 2 == 0

    def test_before_any_update_it_says_the_map_will_come(self, world: World) -> None:
        consultation = make_consultation(world.published, "empty")
        response = Client().get(reverse("consultation:map", args=[consultation.slug]))
        assert "The map appears once enough people have voted." in response.content.decode()

    def test_it_is_translated(self, world: World) -> None:
        consultation = camps(world)
        response = Client().get(f"/fr/consultations/{consultation.slug}/map/")
        assert "Groupe A" in response.content.decode()

    def test_the_api_serves_the_map(self, world: World) -> None:
        consultation = camps(world)
        response = Client().get(reverse("api-1:consultation_map", args=[consultation.slug]))
        assert response.status_code == 200
        data = response.json()
        assert len(data["participants"]) == 20
        assert len(data["groups"]) == 2
        assert len(data["statements"]) == 8
        assert {"consensus", "priority", "votes"} <= set(data["statements"][0])


class TestDemo:
    def test_the_demo_conversation_loads_with_its_map_and_attribution(self, world: World) -> None:
        demo.load(dialogue=world.published)
        demo.load(dialogue=world.published)
        consultation = Consultation.objects.get(slug=demo.DEMO_SLUG)
        # 39 comments in the file, 3 of them moderated out, as its summary.csv counts 36.
        assert consultation.statements.count() == 39
        assert consultation.statements.filter(status="accepted").count() == 36
        assert consultation.opinion_map["groups"]
        for name in ("detail", "map"):
            html = Client().get(reverse(f"consultation:{name}", args=[consultation.slug]))
            text = html.content.decode()
            assert "CC BY 4.0" in text
            assert "The Computational Democracy Project" in text

    def test_the_shipped_files_stay_small(self) -> None:
        sizes = sum(path.stat().st_size for path in demo.DEMO_FOLDER.iterdir())
        assert sizes < 200_000
