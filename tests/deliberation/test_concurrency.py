"""1,000 identical ballots at once still make one answer: the database decides, not Python."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from polyvox.deliberation.ballots import ballot_cast
from polyvox.deliberation.models import Answer
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all

SUBMISSIONS = 1000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_ballots_make_exactly_one_answer(world: World) -> None:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    (citizen,) = make_participants(world.own_site, 1)
    yes = agenda.single.options.first()
    assert yes is not None

    def submit(_index: int) -> str:
        try:
            _answer, outcome = ballot_cast(
                participant=citizen, question_id=agenda.single.id, choice=yes.id
            )
            return outcome.value
        finally:
            connections.close_all()  # each thread has its own connection; give it back

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(submit, range(SUBMISSIONS)))
    assert outcomes.count("created") == 1
    assert outcomes.count("replayed") == SUBMISSIONS - 1
    assert Answer.objects.filter(participant=citizen, question=agenda.single).count() == 1
