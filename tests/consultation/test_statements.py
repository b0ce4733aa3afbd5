"""Participants add statements; organisers accept or reject them, with reasons, and ban."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.consultation import services
from polyvox.consultation.models import (
    Consultation,
    ConsultationParticipant,
    ModerationDecision,
    Statement,
    Vote,
)
from polyvox.consultation.opinion_map import load_opinion_map
from tests.conftest import World
from tests.consultation.helpers import make_consultation

pytestmark = pytest.mark.django_db


def submit(client: Client, consultation: Consultation, text: str) -> str:
    response = client.post(
        reverse("consultation:submit", args=[consultation.slug]), {"text": text}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


class TestSubmission:
    def test_under_pre_moderation_a_statement_waits_for_a_moderator(self, world: World) -> None:
        consultation = make_consultation(world.own, "pre", statements=0)
        client = Client()
        page = submit(client, consultation, "Open the police station to youth panels")
        assert "once a moderator accepts it" in page
        statement = consultation.statements.get()
        assert statement.status == Statement.Status.PENDING
        assert statement.text == {"en": "Open the police station to youth panels"}
        # Nobody else is asked to vote on it yet.
        assert (
            Client()
            .get(reverse("consultation:detail", args=[consultation.slug]))
            .context["statement"]
            is None
        )

    def test_under_post_moderation_it_is_open_for_votes_at_once(self, world: World) -> None:
        consultation = make_consultation(
            world.own, "post", statements=0, moderation=Consultation.Moderation.POST
        )
        author = Client()
        page = submit(author, consultation, "Youth panels should meet monthly")
        assert "now open for votes" in page
        statement = consultation.statements.get()
        other = Client().get(reverse("consultation:detail", args=[consultation.slug]))
        assert other.context["statement"] == statement
        # Authors agree with what they wrote, so they are not asked again.
        assert Vote.objects.get(statement=statement).value == 1
        assert (
            author.get(reverse("consultation:detail", args=[consultation.slug])).context[
                "statement"
            ]
            is None
        )

    def test_a_statement_is_stored_in_the_authors_language(self, world: World) -> None:
        consultation = make_consultation(world.own, "lang", statements=0)
        Client().post(
            f"/fr/consultations/{consultation.slug}/statements/",
            {"text": "Des jeunes au comité"},
        )
        statement = consultation.statements.get()
        assert statement.language == "fr"
        assert statement.text == {"fr": "Des jeunes au comité"}

    def test_the_same_statement_twice_is_kept_once(self, world: World) -> None:
        consultation = make_consultation(world.own, "dup", statements=0)
        client = Client()
        submit(client, consultation, "More  youth panels")
        page = submit(Client(), consultation, "more youth panels")
        assert "already in the consultation" in page
        assert consultation.statements.count() == 1

    def test_an_overlong_statement_is_refused_with_a_message(self, world: World) -> None:
        consultation = make_consultation(world.own, "long", statements=0)
        page = submit(Client(), consultation, "x" * 300)
        assert "under 280 characters" in page
        assert not consultation.statements.exists()


class TestModeration:
    def moderate(self, world: World, statement: Statement, decision: str, reason: str) -> str:
        response = world.client_for("organiser").post(
            reverse("consultation:moderate", args=[statement.consultation.slug, statement.number]),
            {"decision": decision, "reason": reason},
            follow=True,
        )
        assert response.status_code == 200
        return response.content.decode()

    def test_the_queue_lists_pending_statements(self, world: World) -> None:
        consultation = make_consultation(world.own, "queue", statements=0)
        submit(Client(), consultation, "Waiting statement")
        page = world.client_for("organiser").get(
            reverse("consultation:moderation", args=[consultation.slug])
        )
        assert "Waiting statement" in page.content.decode()

    def test_accepting_records_the_moderator_and_opens_the_statement(self, world: World) -> None:
        consultation = make_consultation(world.own, "accept", statements=0)
        submit(Client(), consultation, "Accept me")
        statement = consultation.statements.get()
        self.moderate(world, statement, "accepted", "On topic")
        statement.refresh_from_db()
        assert statement.status == Statement.Status.ACCEPTED
        decision = ModerationDecision.objects.get(statement=statement)
        assert (decision.reason, decision.moderator) == ("On topic", world.users["organiser"])
        assert (
            Client()
            .get(reverse("consultation:detail", args=[consultation.slug]))
            .context["statement"]
            == statement
        )

    def test_rejecting_needs_a_reason(self, world: World) -> None:
        consultation = make_consultation(world.own, "reject", statements=1)
        statement = consultation.statements.get()
        page = self.moderate(world, statement, "rejected", "  ")
        assert "Give a reason for rejecting the statement." in page
        statement.refresh_from_db()
        assert statement.status == Statement.Status.ACCEPTED
        self.moderate(world, statement, "rejected", "Names a person")
        statement.refresh_from_db()
        assert statement.status == Statement.Status.REJECTED
        assert ModerationDecision.objects.get().reason == "Names a person"

    def test_a_banned_participant_can_no_longer_vote(self, world: World) -> None:
        consultation = make_consultation(world.own, "ban", statements=2)
        client = Client()
        client.post(
            reverse("consultation:vote", args=[consultation.slug]),
            {"statement": 1, "vote": "agree"},
        )
        participant = ConsultationParticipant.objects.get()
        response = world.client_for("organiser").post(
            reverse("consultation:ban", args=[consultation.slug, participant.id]),
            {"reason": "Spam"},
        )
        assert response.status_code == 302
        participant.refresh_from_db()
        assert participant.banned
        assert participant.ban_reason == "Spam"
        assert participant.banned_by == world.users["organiser"]
        page = client.post(
            reverse("consultation:vote", args=[consultation.slug]),
            {"statement": 2, "vote": "agree"},
            follow=True,
        )
        assert "excluded you" in page.content.decode()
        assert participant.votes.count() == 1

    def test_banned_participants_are_left_out_of_the_map(self, world: World) -> None:
        consultation = make_consultation(
            world.own, "math", statements=4, moderation=Consultation.Moderation.POST
        )
        for voter in range(8):
            for number in range(1, 5):
                services.vote_cast(
                    consultation=consultation,
                    key=f"voter-{voter}",
                    statement_number=number,
                    value=1 if (voter + number) % 2 else -1,
                )
        banned = ConsultationParticipant.objects.get(key="voter-0")
        services.participant_ban(
            participant=banned, reason="Troll", moderator=world.users["organiser"]
        )
        services.consultation_recompute(consultation_id=consultation.id)
        consultation.refresh_from_db()
        stored = load_opinion_map(consultation.opinion_map)
        assert stored is not None
        placed = {participant.id for participant in stored.participants}
        assert banned.id not in placed
        assert len(placed) == 7


def test_one_participant_flooding_statements_is_slowed_down(world: World) -> None:
    consultation = make_consultation(world.own, "flood", statements=0)
    client = Client()
    url = reverse("consultation:submit", args=[consultation.slug])
    statuses = [client.post(url, {"text": f"Proposal number {n}"}).status_code for n in range(14)]
    assert statuses[-1] == 429
    assert 429 not in statuses[:10]  # ten statements in ten minutes is ordinary use
    assert consultation.statements.count() == len([s for s in statuses if s != 429])
