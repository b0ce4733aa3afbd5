"""Citizens vote on their own device with their personal code, without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.deliberation.models import Answer, Participant
from polyvox.deliberation.windows import window_close
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
def day(world: World) -> tuple[Agenda, Participant]:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    (citizen,) = make_participants(world.own_site, 1)
    return agenda, citizen


def signed_in(citizen: Participant) -> Client:
    client = Client()
    response = client.post(reverse("deliberation:vote-login"), {"code": citizen.code.lower()})
    assert response.status_code == 302
    return client


class TestLogin:
    def test_a_typed_code_signs_in_and_leaves_no_code_in_the_address(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        _agenda, citizen = day
        client = Client()
        assert client.get(reverse("deliberation:ballot")).status_code == 302
        response = client.post(reverse("deliberation:vote-login"), {"code": citizen.code})
        assert response["Location"] == reverse("deliberation:ballot")
        assert client.get(reverse("deliberation:ballot")).status_code == 200

    def test_it_refuses_an_unknown_code_clearly(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        response = Client().post(reverse("deliberation:vote-login"), {"code": "NOPE2345"})
        assert response.status_code == 400
        assert "This code is not valid" in response.content.decode()

    def test_an_absent_citizen_cannot_sign_in(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        _agenda, citizen = day
        Participant.objects.filter(id=citizen.id).update(status=Participant.Status.ABSENT)
        response = Client().post(reverse("deliberation:vote-login"), {"code": citizen.code})
        assert response.status_code == 400


class TestVoting:
    def test_it_records_and_changes_a_single_choice(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        yes, no = agenda.single.options.all()
        client.post(
            reverse("deliberation:ballot"), {"question": agenda.single.id, "choice": yes.id}
        )
        client.post(reverse("deliberation:ballot"), {"question": agenda.single.id, "choice": no.id})
        answer = Answer.objects.get()
        assert (answer.participant_id, answer.option_id, answer.origin) == (
            citizen.id,
            no.id,
            "online",
        )

    def test_it_records_every_kind_of_question(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        spam, _fraud, hate = agenda.multiple.options.all()
        a, _b, c = agenda.ranking.options.all()
        url = reverse("deliberation:ballot")
        client.post(url, {"question": agenda.multiple.id, "choice": [spam.id, hate.id]})
        client.post(url, {"question": agenda.ranking.id, f"rank-{a.id}": "2", f"rank-{c.id}": "1"})
        client.post(url, {"question": agenda.open.id, "text": "  Teach it at school  "})
        answers = {answer.question_id: answer for answer in Answer.objects.all()}
        assert answers[agenda.multiple.id].choices == [spam.id, hate.id]
        assert answers[agenda.ranking.id].choices == [c.id, a.id]
        assert answers[agenda.open.id].text == "Teach it at school"

    def test_a_closed_question_refuses_changes(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        yes, no = agenda.single.options.all()
        url = reverse("deliberation:ballot")
        client.post(url, {"question": agenda.single.id, "choice": yes.id})
        window_close(site=world.own_site, question=agenda.single)
        response = client.post(url, {"question": agenda.single.id, "choice": no.id}, follow=True)
        assert (
            "Le vote sur cette question est clos." in response.content.decode()
        )  # in French, like the page
        assert Answer.objects.get().option_id == yes.id

    def test_an_option_of_another_question_is_refused(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        spam = first_option(agenda.multiple)
        url = reverse("deliberation:ballot")
        response = client.post(url, {"question": agenda.single.id, "choice": spam.id}, follow=True)
        assert "Choisissez parmi les options de cette question." in response.content.decode()
        assert not Answer.objects.exists()

    def test_a_question_not_yet_opened_is_not_shown_nor_accepted(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        window_close(site=world.own_site, question=agenda.single)
        from polyvox.deliberation.models import QuestionWindow

        QuestionWindow.objects.filter(question=agenda.single).delete()
        client = signed_in(citizen)
        page = client.get(reverse("deliberation:ballot")).content.decode()
        assert "Is access a right?" not in page
        yes = first_option(agenda.single)
        client.post(
            reverse("deliberation:ballot"), {"question": agenda.single.id, "choice": yes.id}
        )
        assert not Answer.objects.exists()

    def test_answers_carry_no_identity(self, world: World, day: tuple[Agenda, Participant]) -> None:
        field_names = {field.name for field in Answer._meta.get_fields()}
        assert field_names.isdisjoint({"name", "email", "phone", "user", "person"})


class TestLanguage:
    def test_questions_appear_in_the_citizens_language_and_can_switch(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        world.own_site.languages = ["fr", "en"]
        world.own_site.save()
        _agenda, citizen = day
        client = signed_in(citizen)
        page = client.get(reverse("deliberation:ballot")).content.decode()
        assert "L&#x27;accès est-il un droit ?" in page
        assert "Votre bulletin" in page
        client.post(reverse("deliberation:ballot-language"), {"language": "en"})
        page = client.get(reverse("deliberation:ballot")).content.decode()
        assert "Is access a right?" in page

    def test_a_language_the_site_does_not_use_is_ignored(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        _agenda, citizen = day
        client = signed_in(citizen)
        client.post(reverse("deliberation:ballot-language"), {"language": "de"})
        page = client.get(reverse("deliberation:ballot")).content.decode()
        assert "L&#x27;accès est-il un droit ?" in page
