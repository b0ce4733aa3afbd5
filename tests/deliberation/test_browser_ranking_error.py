"""On a phone, a ranking with a number given twice comes back with the problem at the
question, read with its inputs, and the numbers typed still there."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Answer, Participant
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import Agenda, make_agenda, make_participants, open_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def day(world: World) -> tuple[Agenda, Participant]:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    (citizen,) = make_participants(world.own_site, 1, language="en")
    return agenda, citizen


@pytest.mark.parametrize("width", [390, 1366])
def test_two_options_ranked_1_are_named_at_the_question(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    day: tuple[Agenda, Participant],
    width: int,
) -> None:
    _agenda, citizen = day
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(f"{live_server.url}/en/vote/?code={citizen.code}")
    axe_page.wait_for_url("**/vote/ballot/")
    ranking = axe_page.get_by_role("group", name="Rank the priorities")
    ranking.get_by_label("Option a").fill("1")
    ranking.get_by_label("Option b").fill("1")
    ranking.get_by_role("button").click()

    ranking = axe_page.get_by_role("group", name="Rank the priorities")
    error = ranking.get_by_role("alert")
    assert error.inner_text() == "2 options have rank 1. Give each option a different number."
    for label in ("Option a", "Option b"):
        field = ranking.get_by_label(label)
        assert field.input_value() == "1"
        assert field.get_attribute("aria-describedby") == error.get_attribute("id")
    assert not Answer.objects.filter(participant=citizen).exists()
    assert serious_accessibility_violations(axe_page) == []
    error.scroll_into_view_if_needed()
    axe_page.screenshot(path=str(artifacts / f"ranking-error-{width}.png"), full_page=True)
