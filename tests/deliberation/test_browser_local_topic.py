"""A host adds their site's local topic in the browser; the page says it is for this site
only and lists it marked local (issue 15 item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues import services as dialogue_services
from polyvox.dialogues.models import Question
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_host_adds_a_local_question(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    dialogue_services.session_upsert(
        dialogue=world.own, key="energy", title={"en": "Energy"}, questions=[]
    )
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/local-topic/")
    axe_page.get_by_label("Session").select_option(label="Energy")
    axe_page.get_by_label("Short key").fill("sobriete")
    axe_page.get_by_label("Language of the question").select_option("fr")
    axe_page.get_by_label("Question:", exact=True).fill("Faut-il une sobriété numérique ?")
    axe_page.get_by_label("Options, one per line").fill("Oui\nNon")
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"local-topic-{width}.png"), full_page=True)

    axe_page.get_by_role("button", name="Add the question").click()
    assert "is added for Paris only" in axe_page.locator(".messages").inner_text()
    assert Question.objects.get(site=world.own_site).key == "paris-sobriete"
    assert "local" in axe_page.locator("#local-list-heading + ul").inner_text()
    assert serious_accessibility_violations(axe_page) == []
