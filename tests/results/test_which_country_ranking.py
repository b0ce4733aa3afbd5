"""'Which country are you?' asks a ranking question with numbers, as citizens had it, and
compares the option ranked first; a number given twice is named at the question and the
numbers stay."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Option
from tests.conftest import World
from tests.hostile import HOSTILE, nasty_text
from tests.results.conftest import Results, add_ballot

pytestmark = pytest.mark.django_db

URL = reverse("results:which-country", args=["own"])


@pytest.fixture
def ranked(world: World, results: Results) -> dict[str, Option]:
    """A ranking question: Paris ranks schools first, Berlin ranks parks first."""
    session = services.session_upsert(
        dialogue=results.dialogue,
        key="s2",
        title={"en": "Session two"},
        questions=[
            {
                "key": "priorities",
                "kind": "ranking",
                "text": {"en": "Rank the priorities"},
                "options": [
                    {"key": "schools", "text": {"en": "Schools"}},
                    {"key": "parks", "text": {"en": "Parks"}},
                    {"key": "roads", "text": {"en": "Roads"}},
                ],
            }
        ],
    )
    question = session.questions.get()
    option = {o.key: o for o in question.options.all()}
    berlin = results.dialogue.sites.get(slug="berlin")
    for _ in range(3):
        add_ballot(world.own_site, question, choices=[option["schools"].id, option["parks"].id])
        add_ballot(berlin, question, choices=[option["parks"].id, option["schools"].id])
    results.dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    results.dialogue.save(update_fields=["status"])
    return option


def rank_inputs(page: str) -> dict[str, str]:
    """The ranking question's inputs by their label."""
    labels = dict(re.findall(r'<label for="(id_r-priorities-\d)">([^<]*)</label>', page))
    return {labels[name].rstrip(":"): name.removeprefix("id_") for name in labels}


def test_a_ranking_question_has_number_inputs_not_radio_buttons(
    client: Client, ranked: dict[str, Option]
) -> None:
    page = client.get(URL).content.decode()
    fieldset = page[page.index("Rank the priorities") :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert 'type="radio"' not in fieldset
    assert fieldset.count('type="number"') == 3
    assert "Your first choice is compared." in fieldset


def test_the_option_ranked_first_is_compared(client: Client, ranked: dict[str, Option]) -> None:
    names = rank_inputs(client.get(URL).content.decode())
    page = client.get(URL, {names["Parks"]: "1", names["Schools"]: "2"}).content.decode()
    matches = page.split('id="matches-heading"')[1]
    assert matches.index("Germany") < matches.index("France")


def test_a_number_given_twice_is_named_at_the_question_and_kept(
    client: Client, ranked: dict[str, Option]
) -> None:
    names = rank_inputs(client.get(URL).content.decode())
    page = client.get(URL, {names["Parks"]: "1", names["Schools"]: "1"}).content.decode()
    assert "matches-heading" not in page
    fieldset = page[page.index("Rank the priorities") :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert 'id="r-priorities-error"' in fieldset
    assert "2 options have rank 1. Give each option a different number." in fieldset
    for label in ("Parks", "Schools"):
        tag = re.search(rf'<input[^>]*name="{names[label]}"[^>]*>', fieldset)
        assert tag is not None
        assert 'value="1"' in tag.group(0)
        assert 'aria-describedby="r-priorities-error"' in tag.group(0)


@HOSTILE
@given(first=nasty_text | st.integers(-3, 5).map(str), second=nasty_text)
def test_hostile_ranks_never_break_the_page(
    client: Client, ranked: dict[str, Option], first: str, second: str
) -> None:
    response = client.get(URL, {"r-priorities-0": first, "r-priorities-1": second})
    assert response.status_code == 200
