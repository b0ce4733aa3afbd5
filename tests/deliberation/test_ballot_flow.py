"""A citizen's ballot on a phone: the questions waiting for an answer first, answered and
closed ones folded, the page at the next question after a vote, a clear end, and citizen
pages without staff links and with one language control."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.deliberation.forms import LanguageForm
from polyvox.deliberation.models import Answer, Participant
from polyvox.deliberation.windows import window_close
from tests.client import Response
from tests.conftest import World
from tests.deliberation.ballot_helpers import BALLOT, signed_in
from tests.deliberation.helpers import (
    Agenda,
    first_option,
)
from tests.hostile import HOSTILE

pytestmark = pytest.mark.django_db


def vote_single(client: Client, agenda: Agenda, *, htmx: bool = False) -> Response:
    option = first_option(agenda.single)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(
        BALLOT, {"question": agenda.single.id, "choice": option.id}, headers=headers
    )
    return response


def section(page: str, question_id: int) -> str:
    start = page.index(f'id="q-{question_id}"')
    return page[start : page.index("</section>", start)]


def folded(page: str, question_id: int) -> bool:
    """True when the question sits in a closed <details> (its summary shows, not its form)."""
    start = page.index(f'id="q-{question_id}"')
    opening = page.rfind("<details", 0, start)
    return (
        opening != -1
        and page.rfind("</details>", 0, start) < opening
        and (" open" not in page[opening : page.index(">", opening)])
    )


class TestOrder:
    def test_waiting_questions_come_first_and_answered_and_closed_ones_are_folded(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        window_close(site=world.own_site, question=agenda.multiple)
        client = signed_in(citizen)
        vote_single(client, agenda)
        page = client.get(BALLOT).content.decode()
        positions = {
            question.id: page.index(f'id="q-{question.id}"')
            for question in (agenda.single, agenda.multiple, agenda.ranking, agenda.open)
        }
        # Waiting (ranking, open) first, in the agenda's order, then answered, then closed.
        assert sorted(positions, key=positions.__getitem__) == [
            agenda.ranking.id,
            agenda.open.id,
            agenda.single.id,
            agenda.multiple.id,
        ]
        assert not folded(page, agenda.ranking.id)
        assert folded(page, agenda.single.id)
        assert folded(page, agenda.multiple.id)
        assert "Answered: you can change it until it closes" in page

    def test_a_refused_change_to_an_answered_question_opens_its_fold(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        a, b, _c = agenda.ranking.options.all()
        client.post(BALLOT, {"question": agenda.ranking.id, f"rank-{a.id}": "1"})
        page = client.post(
            BALLOT, {"question": agenda.ranking.id, f"rank-{a.id}": "1", f"rank-{b.id}": "1"}
        ).content.decode()
        assert not folded(page, agenda.ranking.id)
        assert "2 options have rank 1" in section(page, agenda.ranking.id)


class TestAfterAVote:
    def test_it_returns_to_the_next_question_waiting(self, day: tuple[Agenda, Participant]) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        response = vote_single(client, agenda)
        assert response["Location"] == f"{BALLOT}#q-{agenda.multiple.id}"
        page = client.get(BALLOT).content.decode()
        following = section(page, agenda.multiple.id)
        assert 'role="status"' in following
        assert "Your answer to “Is access a right?” is recorded." in following
        assert "autofocus" in following
        # Said once: a reload no longer claims it.
        assert 'role="status"' not in client.get(BALLOT).content.decode()

    def test_after_the_last_question_it_wraps_to_one_still_waiting(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        response = client.post(BALLOT, {"question": agenda.open.id, "text": "Libraries"})
        assert response["Location"] == f"{BALLOT}#q-{agenda.single.id}"

    def test_with_nothing_left_it_goes_to_the_end_of_the_ballot(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        for question in (agenda.multiple, agenda.ranking, agenda.open):
            window_close(site=world.own_site, question=question)
        client = signed_in(citizen)
        assert vote_single(client, agenda)["Location"] == f"{BALLOT}#finish"
        page = client.get(BALLOT).content.decode()
        assert "You have answered every open question" in page
        assert "Your answer to “Is access a right?” is recorded." in page

    def test_each_form_keeps_its_place_when_an_answer_is_refused(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        page = signed_in(citizen).get(BALLOT).content.decode()
        assert f'action="{BALLOT}#q-{agenda.ranking.id}"' in page

    def test_with_htmx_the_ballot_is_swapped_in_place_and_scrolled_to_the_next(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        response = vote_single(client, agenda, htmx=True)
        assert response.status_code == 200
        assert response["HX-Reswap"] == f"outerHTML show:#q-{agenda.multiple.id}:top"
        page = response.content.decode()
        assert "autofocus" in section(page, agenda.multiple.id)
        assert Answer.objects.filter(participant=citizen, question=agenda.single).exists()

    def test_with_htmx_a_refused_answer_stays_at_its_question(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        a, b, _c = agenda.ranking.options.all()
        response = signed_in(citizen).post(
            BALLOT,
            {"question": agenda.ranking.id, f"rank-{a.id}": "1", f"rank-{b.id}": "1"},
            HTTP_HX_REQUEST="true",
        )
        # 200: htmx swaps only successful responses, and the error must be seen.
        assert response.status_code == 200
        assert response["HX-Reswap"] == f"outerHTML show:#q-{agenda.ranking.id}:top"
        assert "2 options have rank 1" in section(response.content.decode(), agenda.ranking.id)


class TestTheEnd:
    def test_i_have_finished_signs_out_and_thanks_with_the_number_of_answers(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        vote_single(client, agenda)
        client.post(BALLOT, {"question": agenda.open.id, "text": "Libraries"})
        response = client.post("/en/vote/leave/")
        assert response["Location"] == "/en/vote/done/"
        page = client.get("/en/vote/done/").content.decode()
        assert "Thank you — your answers are recorded" in page
        assert "You answered 2 questions." in page
        assert "sign in again with your personal code" in page
        assert "Libraries" not in page
        # Signed out: the next person on this phone sees neither the ballot nor the count.
        assert client.get(BALLOT).status_code == 302
        assert "You answered" not in client.get("/en/vote/done/").content.decode()

    def test_it_does_not_claim_answers_that_were_not_given(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        _agenda, citizen = day
        client = signed_in(citizen)
        client.post("/en/vote/leave/")
        page = client.get("/en/vote/done/").content.decode()
        assert "your answers are recorded" not in page
        assert "You have not answered any question yet." in page


class TestHeader:
    @pytest.mark.parametrize("path", [BALLOT, "/en/vote/recommendations/", "/en/vote/my-day/"])
    def test_signed_in_citizen_pages_offer_no_staff_log_in_and_one_language_control(
        self, day: tuple[Agenda, Participant], path: str
    ) -> None:
        _agenda, citizen = day
        page = signed_in(citizen).get(path).content.decode()
        assert reverse("accounts:login") not in page
        assert reverse("set_language") not in page
        assert page.count('name="language"') == 1
        header = page.split("</header>")[0]
        assert re.search(r'<option value="fr" lang="fr">\s*français\s*</option>', header)
        assert re.search(r'<option value="en" lang="en" selected>\s*English\s*</option>', header)
        assert "Language of the questions" not in page

    @pytest.mark.parametrize("path", ["/en/vote/", "/en/vote/done/"])
    def test_signed_out_citizen_pages_offer_no_staff_log_in(
        self, day: tuple[Agenda, Participant], path: str
    ) -> None:
        page = Client().get(path).content.decode()
        assert reverse("accounts:login") not in page
        assert page.split("</header>")[0].count("<select") == 1

    def test_the_language_control_returns_to_the_page_it_was_on(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        _agenda, citizen = day
        client = signed_in(citizen)
        for page, destination in (("rank", "/en/vote/recommendations/"), ("", "/en/vote/ballot/")):
            response = client.post("/en/vote/language/", {"language": "fr", "next": page})
            assert response["Location"] == destination


@HOSTILE
@given(next_page=st.text(max_size=40), language=st.text(max_size=12))
def test_the_language_control_only_ever_leads_to_a_citizen_page(
    next_page: str, language: str
) -> None:
    form = LanguageForm(
        {"language": language, "next": next_page},  # type: ignore[arg-type]
        languages=["en", "fr"],
    )
    form.is_valid()
    assert form.destination() in {
        "deliberation:ballot",
        "deliberation:my-day",
        "deliberation:rank",
    }
