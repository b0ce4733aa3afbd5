"""Ballots racing the close of their question: each is either stored before the close (and
counted) or refused as closed; nothing changes once the close has returned."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from polyvox.deliberation.ballots import BallotError, ballot_cast
from polyvox.deliberation.models import Answer, RecommendationRanking, Table
from polyvox.deliberation.recommendations import (
    ranking_open_set,
    recommendation_method_set,
    recommendation_vote_cast,
    recommendation_write,
)
from polyvox.deliberation.windows import window_close
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all

CITIZENS = 240


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_ballot_is_stored_after_the_close_and_none_acknowledged_is_lost(world: World) -> None:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    citizens = make_participants(world.own_site, CITIZENS)
    yes, no = agenda.single.options.all()
    at_close: dict[int, int | None] = {}

    def vote(index: int) -> tuple[int, int | None, list[str]]:
        """A citizen votes yes; every third changes to no. Returns the last choice the
        service acknowledged and every outcome, refusals included."""
        citizen, acknowledged, outcomes = citizens[index], None, []
        try:
            for choice in (yes.id, no.id) if index % 3 == 0 else (yes.id,):
                try:
                    ballot_cast(participant=citizen, question_id=agenda.single.id, choice=choice)
                    acknowledged = choice
                    outcomes.append("stored")
                except BallotError as error:
                    outcomes.append(error.reason)
            return citizen.id, acknowledged, outcomes
        finally:
            connections.close_all()

    def close() -> None:
        try:
            window_close(site=world.own_site, question=agenda.single)
            # What a host reading the counts right after closing sees.
            at_close.update(Answer.objects.values_list("participant_id", "option_id"))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        first = [pool.submit(vote, index) for index in range(CITIZENS // 2)]
        closing = pool.submit(close)
        rest = [pool.submit(vote, index) for index in range(CITIZENS // 2, CITIZENS)]
        results = [future.result() for future in [*first, *rest]]
        closing.result()

    stored = dict(Answer.objects.values_list("participant_id", "option_id"))
    assert stored == at_close, "an answer was stored or changed after the close"
    for citizen_id, acknowledged, outcomes in results:
        assert set(outcomes) <= {"stored", "closed"}
        # An acknowledged ballot is kept; a refused change leaves the earlier answer.
        assert stored.get(citizen_id) == acknowledged
    refused = sum(outcomes.count("closed") for _id, _ack, outcomes in results)
    # The close fell amid the votes, so the test exercised the race.
    assert 0 < len(stored) < CITIZENS
    assert refused > 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_recommendation_vote_is_stored_after_the_vote_closes(world: World) -> None:
    tables = [Table.objects.create(site=world.own_site, number=n) for n in (1, 2)]
    ids = [
        recommendation_write(table=table, text=f"Idea {table.number}", language="fr").id
        for table in tables
    ]
    recommendation_method_set(site=world.own_site, method="approval")
    ranking_open_set(site=world.own_site, enabled=True)
    citizens = make_participants(world.own_site, CITIZENS)
    at_close: dict[int, list[int]] = {}

    def vote(index: int) -> tuple[int, str]:
        try:
            recommendation_vote_cast(participant=citizens[index], choice=ids[: index % 3])
            return citizens[index].id, "stored"
        except BallotError as error:
            return citizens[index].id, error.reason
        finally:
            connections.close_all()

    def close() -> None:
        try:
            ranking_open_set(site=world.own_site, enabled=False)
            at_close.update(RecommendationRanking.objects.values_list("participant_id", "order"))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        first = [pool.submit(vote, index) for index in range(CITIZENS // 2)]
        closing = pool.submit(close)
        # The close waits for votes holding the day's key-share lock; while votes keep
        # overlapping it may wait for all of them, so later votes come after it returns.
        closing.result()
        rest = [pool.submit(vote, index) for index in range(CITIZENS // 2, CITIZENS)]
        results = [future.result() for future in [*first, *rest]]

    stored = dict(RecommendationRanking.objects.values_list("participant_id", "order"))
    assert stored == at_close, "a vote was stored after the close"
    assert {citizen for citizen, outcome in results if outcome == "stored"} == set(stored)
    assert {outcome for _citizen, outcome in results} == {"stored", "closed"}
