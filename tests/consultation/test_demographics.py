"""Optional questions about the participant, and who is in each opinion group."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.consultation import services
from polyvox.consultation.models import Consultation, ConsultationParticipant, DemographicQuestion
from tests.conftest import World
from tests.consultation.helpers import camp_votes, make_consultation

pytestmark = pytest.mark.django_db

AGE = [
    {"key": "under-25", "text": {"en": "Under 25", "fr": "Moins de 25 ans"}},
    {"key": "25-plus", "text": {"en": "25 or over", "fr": "25 ans ou plus"}},
]


def with_age_question(consultation: Consultation) -> DemographicQuestion:
    return DemographicQuestion.objects.create(
        consultation=consultation, key="age", text={"en": "Your age"}, choices=AGE
    )


class TestAboutYou:
    def test_a_visitor_answers_and_sees_the_answer_kept(self, world: World) -> None:
        consultation = make_consultation(world.published, "about")
        with_age_question(consultation)
        client = Client()
        url = reverse("consultation:describe", args=[consultation.slug])
        page = client.post(url, {"age": "under-25"}, follow=True)
        assert "Thank you for telling us about yourself." in page.content.decode()
        participant = ConsultationParticipant.objects.get(consultation=consultation)
        assert participant.demographics == {"age": "under-25"}
        assert page.context["questions"][0].answer == "under-25"
        client.post(url, {"age": ""})
        participant.refresh_from_db()
        assert participant.demographics == {}

    def test_an_unknown_choice_is_refused_and_nothing_stored(self, world: World) -> None:
        consultation = make_consultation(world.published, "bad-about")
        with_age_question(consultation)
        page = Client().post(
            reverse("consultation:describe", args=[consultation.slug]),
            {"age": "ninety"},
            follow=True,
        )
        assert "ninety is not a choice of age." in page.content.decode()
        assert not ConsultationParticipant.objects.filter(demographics__has_key="age").exists()

    def test_the_map_shows_who_is_in_each_group(self, world: World) -> None:
        consultation = make_consultation(world.published, "who", statements=8)
        with_age_question(consultation)
        for _stamp, statement, voter, value in camp_votes(20, 8):
            services.vote_cast(
                consultation=consultation,
                key=f"v{voter}",
                statement_number=statement + 1,
                value=value,
            )
        for voter in range(20):
            band = "under-25" if voter % 2 == 0 else "25-plus"
            services.participant_describe(
                consultation=consultation, key=f"v{voter}", answers={"age": band}
            )
        services.consultation_recompute(consultation_id=consultation.id)
        response = Client().get(reverse("consultation:map", args=[consultation.slug]))
        block = response.context["map"].demographics[0]
        # The camps are the age bands here, so each band falls wholly in one group.
        counts = sorted(sorted(row.counts) for row in block.rows)
        assert counts == [[0, 10], [0, 10]]
        assert "Who is in each group: Your age" in response.content.decode()
