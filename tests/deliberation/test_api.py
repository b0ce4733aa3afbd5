"""POST /api/v1/ballots and GET /api/v1/questions/{id}/results."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from polyvox.accounts.models import User
from polyvox.accounts.tokens import api_token_issue
from polyvox.deliberation.models import Answer, Participant, TallyCount
from polyvox.deliberation.windows import window_close, window_open
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import (
    Agenda,
    first_option,
    make_agenda,
    make_participants,
    open_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(world: World) -> tuple[Agenda, list[Participant]]:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    return agenda, make_participants(world.own_site, 3)


def cast(payload: dict[str, object], key: str | None = None) -> Response:
    headers = {"Idempotency-Key": key} if key else {}
    return Client().post(
        reverse("api-1:cast_ballot"), payload, content_type="application/json", headers=headers
    )


class TestCastBallot:
    def test_it_records_a_ballot_then_acknowledges_a_replay(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, (citizen, *_rest) = day
        yes = first_option(agenda.single)
        payload = {"code": citizen.code, "question": agenda.single.id, "choice": yes.id}
        first = cast(payload, key="k-1")
        assert first.status_code == 201
        assert first.json()["status"] == "created"
        again = cast(payload, key="k-1")
        assert again.status_code == 200
        assert again.json() == {"status": "replayed", "answer": first.json()["answer"]}
        assert Answer.objects.count() == 1

    def test_an_identical_ballot_without_a_key_is_a_replay_too(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, (citizen, *_rest) = day
        yes = first_option(agenda.single)
        payload = {"code": citizen.code, "question": agenda.single.id, "choice": yes.id}
        assert cast(payload).status_code == 201
        assert cast(payload).status_code == 200

    def test_a_changed_choice_is_recorded_while_open(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, (citizen, *_rest) = day
        yes, no = agenda.single.options.all()
        cast({"code": citizen.code, "question": agenda.single.id, "choice": yes.id}, key="a")
        response = cast(
            {"code": citizen.code, "question": agenda.single.id, "choice": no.id}, key="b"
        )
        assert response.status_code == 201
        assert response.json()["status"] == "changed"
        assert Answer.objects.get().option_id == no.id

    def test_lists_and_text_fit_their_questions(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, (citizen, *_rest) = day
        a, b, _c = agenda.ranking.options.all()
        ranked = cast({"code": citizen.code, "question": agenda.ranking.id, "choice": [b.id, a.id]})
        text = cast({"code": citizen.code, "question": agenda.open.id, "choice": "More libraries"})
        assert (ranked.status_code, text.status_code) == (201, 201)
        assert Answer.objects.get(question=agenda.ranking).choices == [b.id, a.id]

    @pytest.mark.parametrize(
        ("change", "status"),
        [
            ({"code": "UNKNOWN9"}, 404),
            ({"choice": 999999}, 422),
            ({"choice": [1, 2]}, 422),
            ({"choice": "yes"}, 422),
            ({"question": 999999}, 404),
            ({"question": None}, 422),
            ({"question": 2**70}, 422),
            ({"code": "A\u0000B"}, 404),
        ],
    )
    def test_it_refuses_bad_ballots_clearly(
        self,
        world: World,
        day: tuple[Agenda, list[Participant]],
        change: dict[str, object],
        status: int,
    ) -> None:
        agenda, (citizen, *_rest) = day
        yes = first_option(agenda.single).id
        payload = {"code": citizen.code, "question": agenda.single.id, "choice": yes, **change}
        response = cast(payload)
        assert response.status_code == status
        assert response.json()["detail"]
        assert not Answer.objects.exists()

    def test_a_closed_question_answers_409(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, (citizen, *_rest) = day
        window_close(site=world.own_site, question=agenda.single)
        yes = first_option(agenda.single)
        response = cast({"code": citizen.code, "question": agenda.single.id, "choice": yes.id})
        assert response.status_code == 409
        assert not Answer.objects.exists()

    def test_a_question_of_another_dialogue_is_not_found(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        _agenda, (citizen, *_rest) = day
        other = make_agenda(world.other)
        window_open(site=world.other_site, question=other.single)
        option = other.single.options.first()
        assert option is not None
        response = cast({"code": citizen.code, "question": other.single.id, "choice": option.id})
        assert response.status_code == 404

    def test_the_hot_path_uses_few_queries(
        self,
        world: World,
        day: tuple[Agenda, list[Participant]],
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        agenda, (citizen, *_rest) = day
        yes = first_option(agenda.single)
        with django_assert_max_num_queries(8):
            assert (
                cast(
                    {"code": citizen.code, "question": agenda.single.id, "choice": yes.id}
                ).status_code
                == 201
            )


class TestResults:
    def url(self, question_id: int) -> str:
        return reverse("api-1:question_results", args=[question_id])

    def test_it_needs_a_token(self, world: World, day: tuple[Agenda, list[Participant]]) -> None:
        agenda, _citizens = day
        assert Client().get(self.url(agenda.single.id)).status_code == 401
        bad = Client().get(self.url(agenda.single.id), headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401

    def test_an_organiser_reads_online_and_final_paper_counts(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, citizens = day
        yes, no = agenda.single.options.all()
        for citizen, option in zip(citizens, [yes, yes, no], strict=True):
            cast({"code": citizen.code, "question": agenda.single.id, "choice": option.id})
        TallyCount.objects.create(
            site=world.own_other_site,
            question=agenda.single,
            option=no,
            count=7,
            entered_by=world.users["organiser"],
        )
        token = api_token_issue(user=world.users["organiser"], name="partner site")
        response = Client().get(
            self.url(agenda.single.id), headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200
        assert response.json() == {"n": 10, "counts": {str(yes.id): 2, str(no.id): 8}}

    def test_another_dialogues_organiser_gets_404(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, _citizens = day
        token = api_token_issue(user=world.users["outsider"], name="x")
        response = Client().get(
            self.url(agenda.single.id), headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 404

    def test_a_deactivated_users_token_stops_working(
        self, world: World, day: tuple[Agenda, list[Participant]]
    ) -> None:
        agenda, _citizens = day
        token = api_token_issue(user=world.users["organiser"], name="x")
        User.objects.filter(id=world.users["organiser"].id).update(is_active=False)
        response = Client().get(
            self.url(agenda.single.id), headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401


# Outside a test transaction, as in production: each statement commits on its own, and no
# savepoints pad the count.
@pytest.mark.django_db(transaction=True)
class TestQueriesPerBallot:
    """The ballot is the day's hot path: its database round trips are counted."""

    def test_a_first_ballot_is_one_statement(
        self,
        world: World,
        day: tuple[Agenda, list[Participant]],
        django_assert_num_queries: DjangoAssertNumQueries,
    ) -> None:
        agenda, (citizen, *_rest) = day
        yes = first_option(agenda.single)
        payload = {"code": citizen.code, "question": agenda.single.id, "choice": yes.id}
        with django_assert_num_queries(1):
            assert cast(payload, key="k").status_code == 201
        spam, hate = agenda.multiple.options.all()[:2]
        listed = {
            "code": citizen.code,
            "question": agenda.multiple.id,
            "choice": [spam.id, hate.id],
        }
        with django_assert_num_queries(1):
            assert cast(listed).status_code == 201
        assert Answer.objects.get(question=agenda.multiple).choices == [spam.id, hate.id]

    def test_a_replay_or_a_change_stays_bounded(
        self,
        world: World,
        day: tuple[Agenda, list[Participant]],
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        agenda, (citizen, *_rest) = day
        yes, no = agenda.single.options.all()
        payload = {"code": citizen.code, "question": agenda.single.id, "choice": yes.id}
        cast(payload, key="k")
        with django_assert_max_num_queries(6):
            assert cast(payload, key="k").status_code == 200
        with django_assert_max_num_queries(7):
            assert cast({**payload, "choice": no.id}, key="k2").status_code == 201

    def test_a_refusal_reads_once_more_to_say_why(
        self,
        world: World,
        day: tuple[Agenda, list[Participant]],
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        agenda, (citizen, *_rest) = day
        window_close(site=world.own_site, question=agenda.single)
        yes = first_option(agenda.single)
        with django_assert_max_num_queries(2):
            response = cast({"code": citizen.code, "question": agenda.single.id, "choice": yes.id})
        assert response.status_code == 409
        assert response.json() == {"detail": "Voting on this question has closed."}
