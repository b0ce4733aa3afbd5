"""Site-wide switches of the day (issue 15 item 4): hosts and organisers only; each asks
first, saying what will change at how many tables, then says what it did; audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from polyvox.accounts.models import Membership, Role
from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import QuestionWindow, SiteDay, Table
from tests.conftest import World, make_user
from tests.deliberation.helpers import make_agenda, make_participants
from tests.deliberation.test_confirmations import hidden_fields

pytestmark = pytest.mark.django_db


def test_opening_a_question_asks_first_then_says_so(world: World) -> None:
    agenda = make_agenda(world.own)
    for number in (1, 2):
        Table.objects.create(site=world.own_site, number=number)
    client = world.client_for("host")
    url = reverse("deliberation:run-sheet", args=[world.own_site.id])
    asked = client.post(url, {"question": agenda.single.id, "action": "open"}).content.decode()
    assert "Open voting on “Is access a right?” for all 2 tables of Paris?" in asked
    assert not QuestionWindow.objects.exists()
    done = client.post(url, hidden_fields(asked), follow=True).content.decode()
    assert "Voting on “Is access a right?” is open at every table." in done
    assert QuestionWindow.objects.get().is_open
    assert AuditEvent.objects.filter(action="deliberation.window_open").count() == 1


@pytest.mark.parametrize("role", ["facilitator", "note_taker"])
def test_table_staff_cannot_switch_the_site(world: World, role: str) -> None:
    user = world.users["facilitator"]
    if role == "note_taker":
        user = make_user("notes")
        Membership.objects.create(
            user=user, role=Role.NOTE_TAKER, dialogue=world.own, site=world.own_site
        )
    client = world.client_for("citizen")
    client.force_login(user)
    agenda = make_agenda(world.own)
    site = world.own_site.id
    run_sheet = reverse("deliberation:run-sheet", args=[site])
    recommendations = reverse("deliberation:recommendations", args=[site])
    counts = reverse("deliberation:counts", args=[site])
    for url, data in [
        (run_sheet, {"question": agenda.single.id, "action": "open", "confirm": "yes"}),
        (recommendations, {"action": "ranking", "open": "on", "confirm": "yes"}),
        (counts, {"action": "double-entry", "double_entry": "on"}),
        (
            reverse("deliberation:seat", args=[site]),
            {"mode": "all", "table_size": 6, "confirm": "yes"},
        ),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert not QuestionWindow.objects.exists()
    assert not SiteDay.objects.filter(ranking_open=True).exists()
    assert not AuditEvent.objects.exists()


def test_the_recommendation_vote_asks_first_then_says_what_it_did(world: World) -> None:
    make_participants(world.own_site, 3)
    client = world.client_for("host")
    url = reverse("deliberation:recommendations", args=[world.own_site.id])
    asked = client.post(url, {"action": "ranking", "open": "on"}).content.decode()
    assert "Open the vote on the recommendations for the 3 citizens present in Paris?" in asked
    assert not SiteDay.objects.filter(ranking_open=True).exists()
    done = client.post(url, hidden_fields(asked), follow=True).content.decode()
    assert "The vote on the recommendations is open for every citizen of Paris." in done
    assert SiteDay.objects.get(site=world.own_site).ranking_open
    closing = client.post(url, {"action": "ranking", "open": "off"}).content.decode()
    assert "Close the vote on the recommendations for every citizen of Paris?" in closing
    assert AuditEvent.objects.filter(action="deliberation.recommendation_vote").count() == 1


def test_double_entry_says_what_it_did(world: World) -> None:
    client = world.client_for("host")
    url = reverse("deliberation:counts", args=[world.own_site.id])
    done = client.post(url, {"action": "double-entry", "double_entry": "on"}, follow=True)
    assert "Double entry is on for every table" in done.content.decode()
