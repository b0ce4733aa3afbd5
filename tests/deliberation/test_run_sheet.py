from __future__ import annotations

import pytest
from django.urls import reverse

from polyvox.deliberation.models import QuestionWindow
from tests.conftest import World
from tests.deliberation.helpers import make_agenda

pytestmark = pytest.mark.django_db


def test_a_host_opens_closes_and_reopens_a_question(world: World) -> None:
    agenda = make_agenda(world.own)
    client = world.client_for("host")
    url = reverse("deliberation:run-sheet", args=[world.own_site.id])
    client.post(url, {"question": agenda.single.id, "action": "open", "confirm": "yes"})
    assert QuestionWindow.objects.get().is_open
    client.post(url, {"question": agenda.single.id, "action": "close", "confirm": "yes"})
    assert not QuestionWindow.objects.get().is_open
    client.post(url, {"question": agenda.single.id, "action": "open", "confirm": "yes"})
    assert QuestionWindow.objects.get().is_open
    assert "Close voting" in client.get(url).content.decode()


def test_a_question_of_another_dialogue_cannot_be_opened(world: World) -> None:
    other = make_agenda(world.other)
    client = world.client_for("host")
    url = reverse("deliberation:run-sheet", args=[world.own_site.id])
    assert (
        client.post(
            url, {"question": other.single.id, "action": "open", "confirm": "yes"}
        ).status_code
        == 404
    )
    assert not QuestionWindow.objects.exists()


def test_ballot_sheets_print_in_the_chosen_language(world: World) -> None:
    make_agenda(world.own)
    client = world.client_for("facilitator")
    url = reverse("deliberation:ballot-sheets", args=[world.own_site.id])
    page = client.get(url, {"language": "fr"}).content.decode()
    assert "L&#x27;accès est-il un droit ?" in page
    assert "Option yes (fr)" in page
    pdf = client.get(url, {"language": "fr", "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
