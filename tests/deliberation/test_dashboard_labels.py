"""The live dashboard (issue 18 item 8): its columns say which question they count, in the
reader's language, and it refreshes itself, saying when; without JavaScript, a link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import World
from tests.deliberation.helpers import make_agenda, open_all

pytestmark = pytest.mark.django_db


def dashboard(world: World, role: str = "host", language: str = "en") -> str:
    with translation.override(language):
        url = reverse("deliberation:dashboard", args=[world.own_site.id])
    response = world.client_for(role).get(url)
    assert response.status_code == 200
    return response.content.decode()


def headers(page: str) -> list[str]:
    return re.findall(r'<th scope="col" class="dashboard-question">([^<]*)</th>', page)


def test_columns_are_headed_by_the_question_text_in_the_readers_language(world: World) -> None:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    assert headers(dashboard(world)) == [
        "Is access a right?",
        "Which threats?",
        "Rank the priorities",
        "Your idea?",
    ]
    # Translated where a translation exists, else in the language the dialogue was written in.
    french = headers(dashboard(world, language="fr"))
    assert french[0] == "L&#x27;accès est-il un droit ?"
    assert french[1] == "Which threats?"
    assert "access" not in headers(dashboard(world, role="observer"))


def test_it_refreshes_itself_and_says_when_it_was_updated(world: World) -> None:
    page = dashboard(world, role="facilitator")
    assert 'hx-trigger="every 15s"' in page
    assert re.search(r"Updated at \d\d:\d\d:\d\d", page)
    url = reverse("deliberation:dashboard", args=[world.own_site.id])
    assert f'<a href="{url}">Refresh now</a>' in page
    partial = world.client_for("host").get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert re.search(r"Updated at \d\d:\d\d:\d\d", partial)
