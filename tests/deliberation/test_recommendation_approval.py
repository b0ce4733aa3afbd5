"""Approval voting on the recommendations: on the page, through the API and on paper."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.deliberation.counts import TallyError
from polyvox.deliberation.models import (
    Participant,
    Recommendation,
    RecommendationPaperCount,
    RecommendationRanking,
    SiteDay,
    Table,
)
from polyvox.deliberation.recommendations import (
    PaperApprovals,
    ranking_open_set,
    recommendation_paper_counts_enter,
)
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import make_participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(world: World) -> list[Recommendation]:
    """Three tables' recommendations, the approval method chosen, the vote open."""
    client = world.client_for("host")
    url = reverse("deliberation:recommendations", args=[world.own_site.id])
    texts = ["Free wifi", "Teach privacy", "Open data"]
    for number, text in enumerate(texts, start=1):
        table = Table.objects.create(site=world.own_site, number=number)
        client.post(url, {"action": "write", "table": table.id, "language": "fr", "text": text})
    client.post(url, {"action": "method", "method": "approval"})
    client.post(url, {"action": "ranking", "open": "on", "confirm": "yes"})
    return list(Recommendation.objects.order_by("table__number"))


def approve_as(citizen: Participant, ids: list[int]) -> Client:
    client = Client()
    client.post(reverse("deliberation:vote-login"), {"code": citizen.code})
    client.post(reverse("deliberation:rank"), {"approve": [str(i) for i in ids]})
    return client


def staff_page(world: World) -> str:
    url = reverse("deliberation:recommendations", args=[world.own_site.id])
    return world.client_for("facilitator").get(url).content.decode()


def cast(payload: dict[str, object]) -> Response:
    return Client().post(
        reverse("api-1:cast_recommendation_ballot"), payload, content_type="application/json"
    )


class TestOnThePage:
    def test_citizens_tick_boxes_and_the_list_orders_by_approvals(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, data = written
        citizens = make_participants(world.own_site, 4)
        approve_as(citizens[0], [wifi.id, privacy.id])
        approve_as(citizens[1], [privacy.id])
        approve_as(citizens[2], [privacy.id, data.id, wifi.id])
        approve_as(citizens[3], [])  # supports none: still a voter
        page = staff_page(world)
        assert page.index("Teach privacy") < page.index("Free wifi") < page.index("Open data")
        assert "approval voting" in page
        assert "4 citizens have voted" in page
        assert "75 %" in page  # privacy: 3 of 4
        assert "25 %" in page  # open data: 1 of 4
        assert RecommendationRanking.objects.count() == 4

    def test_the_citizen_sees_boxes_ticked_as_they_left_them(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, _data = written
        (citizen,) = make_participants(world.own_site, 1)
        client = approve_as(citizen, [privacy.id, wifi.id])
        page = client.get(reverse("deliberation:rank")).content.decode()
        assert page.count('type="checkbox"') == 3
        assert page.count(" checked") == 2
        assert RecommendationRanking.objects.get().order == sorted([privacy.id, wifi.id])

    def test_the_page_is_in_french_for_a_french_citizen(
        self, world: World, written: list[Recommendation]
    ) -> None:
        (citizen,) = make_participants(world.own_site, 1)
        client = Client()
        client.post(reverse("deliberation:vote-login"), {"code": citizen.code})
        page = client.get(reverse("deliberation:rank"), HTTP_ACCEPT_LANGUAGE="fr")
        assert "Cochez chaque recommandation" in page.content.decode()

    def test_the_method_cannot_change_once_a_citizen_has_voted(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, *_rest = written
        (citizen,) = make_participants(world.own_site, 1)
        approve_as(citizen, [wifi.id])
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        response = world.client_for("host").post(
            url, {"action": "method", "method": "ranking"}, follow=True
        )
        assert "the method can no longer change" in response.content.decode()
        assert SiteDay.objects.get(site=world.own_site).recommendation_method == "approval"


class TestThroughTheApi:
    def test_an_approval_ballot_is_recorded_replayed_and_changed(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, _data = written
        (citizen,) = make_participants(world.own_site, 1)
        first = cast({"code": citizen.code, "choice": [privacy.id, wifi.id]})
        assert first.status_code == 201
        assert first.json() == {"status": "created", "choice": sorted([wifi.id, privacy.id])}
        # The same approvals in another order are the same vote.
        assert cast({"code": citizen.code, "choice": [wifi.id, privacy.id]}).status_code == 200
        changed = cast({"code": citizen.code, "choice": []})
        assert (changed.status_code, changed.json()["status"]) == (201, "changed")
        assert RecommendationRanking.objects.get().order == []

    @pytest.mark.parametrize(
        ("payload", "status"),
        [
            ({"code": "UNKNOWN9", "choice": []}, 404),
            ({"choice": [999999]}, 422),
            ({"choice": "all"}, 422),
        ],
    )
    def test_bad_ballots_are_refused_clearly(
        self, world: World, written: list[Recommendation], payload: dict[str, object], status: int
    ) -> None:
        (citizen,) = make_participants(world.own_site, 1)
        response = cast({"code": citizen.code, **payload})
        assert response.status_code == status
        assert not RecommendationRanking.objects.exists()

    def test_a_repeated_id_is_refused(self, world: World, written: list[Recommendation]) -> None:
        wifi, *_rest = written
        (citizen,) = make_participants(world.own_site, 1)
        response = cast({"code": citizen.code, "choice": [wifi.id, wifi.id]})
        assert response.status_code == 422
        assert "each once" in response.json()["detail"]

    def test_a_closed_vote_is_refused(self, world: World, written: list[Recommendation]) -> None:
        wifi, *_rest = written
        ranking_open_set(site=world.own_site, enabled=False)
        (citizen,) = make_participants(world.own_site, 1)
        response = cast({"code": citizen.code, "choice": [wifi.id]})
        assert response.status_code == 409
        assert not RecommendationRanking.objects.exists()

    def test_under_ranking_the_order_is_kept(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, _data = written
        SiteDay.objects.filter(site=world.own_site).update(recommendation_method="ranking")
        (citizen,) = make_participants(world.own_site, 1)
        assert cast({"code": citizen.code, "choice": []}).status_code == 422
        response = cast({"code": citizen.code, "choice": [privacy.id, wifi.id]})
        assert response.json()["choice"] == [privacy.id, wifi.id]


class TestPaperCounts:
    def test_paper_ticks_add_to_online_approvals(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, data = written
        (citizen,) = make_participants(world.own_site, 1)
        approve_as(citizen, [data.id])
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        world.client_for("host").post(
            url,
            {
                "action": "paper",
                "ballots": "9",
                f"approvals-{wifi.id}": "8",
                f"approvals-{privacy.id}": "2",
                f"approvals-{data.id}": "4",
            },
        )
        page = staff_page(world)
        # wifi 8 of 10, data 1 + 4 = 5 of 10, privacy 2 of 10.
        assert page.index("Free wifi") < page.index("Open data") < page.index("Teach privacy")
        assert "10 citizens have voted" in page
        assert "80 %" in page
        count = RecommendationPaperCount.objects.get(recommendation=wifi)
        assert (count.origin, count.entered_by.username) == ("paper", "host")

    def test_more_ticks_than_ballots_is_refused_and_nothing_is_stored(
        self, world: World, written: list[Recommendation]
    ) -> None:
        wifi, privacy, _data = written
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        response = world.client_for("host").post(
            url,
            {
                "action": "paper",
                "ballots": "5",
                f"approvals-{wifi.id}": "3",
                f"approvals-{privacy.id}": "6",
            },
            follow=True,
        )
        assert "6 approvals but only 5 ballots counted" in response.content.decode()
        assert not RecommendationPaperCount.objects.exists()

    def test_paper_counts_need_the_approval_method(
        self, world: World, written: list[Recommendation]
    ) -> None:
        SiteDay.objects.filter(site=world.own_site).update(recommendation_method="ranking")
        with pytest.raises(TallyError):
            recommendation_paper_counts_enter(
                site=world.own_site,
                session=written[0].session,
                counted=PaperApprovals(ballots=3, approvals={}),
                entered_by=world.users["host"],
            )


class TestMalformedForms:
    """Issue #12 item 10: what a form cannot parse is a field error, never a server error."""

    def test_a_recommendation_that_is_not_an_id_is_refused_at_the_form(
        self, world: World, written: list[Recommendation]
    ) -> None:
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        data = {"action": "translate", "recommendation": "x", "language": "fr", "text": "Wifi"}
        response = world.client_for("host").post(url, data)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert all(item.text == {"fr": item.text["fr"]} for item in written)

    def test_a_table_that_is_not_an_id_keeps_the_text_written(
        self, world: World, written: list[Recommendation]
    ) -> None:
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        data = {"action": "write", "table": "abc", "language": "fr", "text": "Libraries"}
        page = world.client_for("host").post(url, data).content.decode()
        assert 'id="write-table_error"' in page
        assert "Libraries</textarea>" in page
        assert Recommendation.objects.count() == len(written)

    def test_an_unknown_action_is_refused(
        self, world: World, written: list[Recommendation]
    ) -> None:
        url = reverse("deliberation:recommendations", args=[world.own_site.id])
        assert world.client_for("host").post(url, {"action": "drop"}).status_code == 400
