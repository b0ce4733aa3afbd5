"""A ranking with a number given twice comes back at the question: the problem named in
words next to it (linked to the inputs for screen readers), the numbers kept, nothing
stored."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.deliberation.models import Answer, Participant
from tests.conftest import World
from tests.deliberation.helpers import Agenda, make_agenda, make_participants, open_all
from tests.hostile import HOSTILE, nasty_text, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(world: World) -> tuple[Agenda, Participant]:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    (citizen,) = make_participants(world.own_site, 1)
    return agenda, citizen


def signed_in(citizen: Participant) -> Client:
    client = Client()
    client.post(reverse("deliberation:vote-login"), {"code": citizen.code})
    return client


def question_section(page: str, question_id: int) -> str:
    start = page.index(f'id="q-{question_id}"')
    return page[start : page.index("</section>", start)]


def input_of(section: str, option_id: int) -> str:
    found = re.search(rf'<input[^>]*name="rank-{option_id}"[^>]*>', section)
    assert found, f"no input for option {option_id}"
    return found.group(0)


def test_two_options_ranked_1_are_named_at_the_question_and_kept(
    day: tuple[Agenda, Participant],
) -> None:
    agenda, citizen = day
    a, b, c = agenda.ranking.options.all()
    response = signed_in(citizen).post(
        reverse("deliberation:ballot"),
        {"question": agenda.ranking.id, f"rank-{a.id}": "1", f"rank-{b.id}": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    section = question_section(page, agenda.ranking.id)
    error_id = f"q{agenda.ranking.id}-error"
    assert f'id="{error_id}"' in section
    # The citizen's ballot speaks their language (French here).
    assert "2 options ont le rang 1. Donnez à chaque option un numéro différent." in section
    # Only at the question: not repeated at the top of the page.
    assert page.count("2 options ont le rang 1") == 1
    for option in (a, b):
        tag = input_of(section, option.id)
        assert 'value="1"' in tag
        assert 'aria-invalid="true"' in tag
        assert f'aria-describedby="{error_id}"' in tag
    assert "aria-invalid" not in input_of(section, c.id)
    assert not Answer.objects.filter(participant=citizen).exists()


def test_every_number_given_twice_is_named(day: tuple[Agenda, Participant]) -> None:
    agenda, citizen = day
    a, b, c = agenda.ranking.options.all()
    response = signed_in(citizen).post(
        reverse("deliberation:ballot"),
        {
            "question": agenda.ranking.id,
            f"rank-{a.id}": "2",
            f"rank-{b.id}": "2",
            f"rank-{c.id}": "2",
        },
    )
    assert "3 options ont le rang 2." in response.content.decode()
    assert not Answer.objects.exists()


@HOSTILE
@given(ranks=st.lists(nasty_text | st.integers(-5, 9).map(str), min_size=3, max_size=3))
def test_hostile_ranks_are_stored_sane_or_refused(
    day: tuple[Agenda, Participant], ranks: list[str]
) -> None:
    agenda, citizen = day
    options = list(agenda.ranking.options.all())
    data = {"question": str(agenda.ranking.id)}
    data.update({f"rank-{o.id}": rank for o, rank in zip(options, ranks, strict=True)})
    with rolled_back():
        response = signed_in(citizen).post(reverse("deliberation:ballot"), data)
        assert response.status_code in (200, 302)
        answer = Answer.objects.filter(participant=citizen).first()
        if response.status_code == 200:
            assert answer is None
        elif answer is not None:
            assert len(set(answer.choices)) == len(answer.choices)
