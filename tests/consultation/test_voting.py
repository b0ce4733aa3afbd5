"""Voting without JavaScript: a cookie participant, one statement at a time, re-votes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from polyvox.consultation.models import (
    Consultation,
    ConsultationParticipant,
    Statement,
    Vote,
    VoteEvent,
)
from polyvox.consultation.views import COOKIE
from tests.conftest import World
from tests.consultation.helpers import make_consultation

pytestmark = pytest.mark.django_db


def next_statement(client: Client, consultation: Consultation) -> Statement | None:
    response = client.get(reverse("consultation:detail", args=[consultation.slug]))
    assert response.status_code == 200
    return response.context["statement"]  # type: ignore[no-any-return]


def vote(client: Client, consultation: Consultation, number: int, value: str) -> None:
    response = client.post(
        reverse("consultation:vote", args=[consultation.slug]),
        {"statement": number, "vote": value},
    )
    assert response.status_code == 302


class TestVoting:
    def test_it_walks_an_anonymous_visitor_through_every_statement(self, world: World) -> None:
        consultation = make_consultation(world.published, "walk", statements=3)
        client = Client()
        seen = []
        for value in ("agree", "disagree", "pass"):
            statement = next_statement(client, consultation)
            assert statement is not None
            assert statement.number not in seen
            seen.append(statement.number)
            vote(client, consultation, statement.number, value)
        assert next_statement(client, consultation) is None
        assert COOKIE in client.cookies
        participant = ConsultationParticipant.objects.get(consultation=consultation)
        assert sorted(participant.votes.values_list("value", flat=True)) == [-1, 0, 1]
        page = client.get(reverse("consultation:detail", args=[consultation.slug]))
        assert "You have voted on 3 of 3 statements." in page.content.decode()

    def test_it_keeps_no_personal_data_in_the_participant(self, world: World) -> None:
        consultation = make_consultation(world.published, "pseudo", statements=1)
        client = world.client_for("citizen")
        vote(client, consultation, 1, "agree")
        participant = ConsultationParticipant.objects.get(consultation=consultation)
        assert "citizen" not in participant.key
        assert str(world.users["citizen"].pk) not in participant.key.split(":")
        assert len(participant.key) == 64

    def test_a_revote_updates_the_vote_and_keeps_the_history(self, world: World) -> None:
        consultation = make_consultation(world.published, "revote", statements=2)
        client = Client()
        vote(client, consultation, 1, "agree")
        vote(client, consultation, 1, "disagree")
        vote_row = Vote.objects.get(statement__number=1, statement__consultation=consultation)
        assert vote_row.value == -1
        history = VoteEvent.objects.filter(statement=vote_row.statement).order_by("id")
        assert list(history.values_list("value", flat=True)) == [1, -1]
        assert Vote.objects.count() == 1

    def test_two_visitors_are_two_participants(self, world: World) -> None:
        consultation = make_consultation(world.published, "two", statements=1)
        vote(Client(), consultation, 1, "agree")
        vote(Client(), consultation, 1, "agree")
        assert consultation.participants.count() == 2
        assert Vote.objects.filter(statement__consultation=consultation).count() == 2

    def test_the_database_refuses_a_second_vote_on_the_same_statement(self, world: World) -> None:
        consultation = make_consultation(world.published, "unique", statements=1)
        participant = ConsultationParticipant.objects.create(consultation=consultation, key="k")
        statement = consultation.statements.get()
        Vote.objects.create(
            participant=participant, statement=statement, value=1, updated_at=timezone.now()
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            Vote.objects.create(
                participant=participant, statement=statement, value=-1, updated_at=timezone.now()
            )

    def test_it_refuses_a_bad_vote_with_a_message(self, world: World) -> None:
        consultation = make_consultation(world.published, "bad", statements=1)
        client = Client()
        response = client.post(
            reverse("consultation:vote", args=[consultation.slug]),
            {"statement": 1, "vote": "maybe"},
            follow=True,
        )
        assert "Choose agree, disagree or pass." in response.content.decode()
        assert not Vote.objects.exists()

    def test_it_refuses_votes_on_pending_statements_under_pre_moderation(
        self, world: World
    ) -> None:
        consultation = make_consultation(world.published, "pending", statements=1)
        consultation.statements.update(status=Statement.Status.PENDING)
        client = Client()
        assert next_statement(client, consultation) is None
        vote(client, consultation, 1, "agree")
        assert not Vote.objects.exists()

    def test_a_closed_consultation_takes_no_votes(self, world: World) -> None:
        consultation = make_consultation(
            world.published, "closed", statements=1, status=Consultation.Status.CLOSED
        )
        client = Client()
        response = client.post(
            reverse("consultation:vote", args=[consultation.slug]),
            {"statement": 1, "vote": "agree"},
            follow=True,
        )
        assert "This consultation is closed." in response.content.decode()
        assert not Vote.objects.exists()

    def test_a_draft_is_seen_only_by_its_organisers(self, world: World) -> None:
        consultation = make_consultation(
            world.own, "draft", statements=1, status=Consultation.Status.DRAFT
        )
        url = reverse("consultation:detail", args=[consultation.slug])
        assert world.client_for("anonymous").get(url).status_code == 404
        assert world.client_for("outsider").get(url).status_code == 404
        assert world.client_for("organiser").get(url).status_code == 200

    def test_the_list_page_has_a_bounded_number_of_queries(
        self, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        for number in range(6):
            make_consultation(world.published, f"list-{number}", statements=2)
        with django_assert_max_num_queries(4):
            response = Client().get(reverse("consultation:list"))
        assert response.content.decode().count('class="card"') == 6


def test_the_voting_page_has_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    consultation = make_consultation(world.published, "bounded", statements=30)
    client = Client()
    for number in range(1, 21):
        vote(client, consultation, number, "agree")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("consultation:detail", args=[consultation.slug]))
    assert len(response.context["my_votes"]) == 20


def test_reading_the_page_records_nobody(world: World) -> None:
    consultation = make_consultation(world.published, "reader", statements=2)
    Client().get(reverse("consultation:detail", args=[consultation.slug]))
    Client().get(reverse("consultation:map", args=[consultation.slug]))
    assert not ConsultationParticipant.objects.exists()


def test_a_signed_in_citizen_is_the_same_participant_on_every_device(world: World) -> None:
    consultation = make_consultation(world.published, "devices", statements=2)
    vote(world.client_for("citizen"), consultation, 1, "agree")
    phone = world.client_for("citizen")
    assert next_statement(phone, consultation).number == 2  # type: ignore[union-attr]
    vote(phone, consultation, 2, "agree")
    assert consultation.participants.count() == 1
