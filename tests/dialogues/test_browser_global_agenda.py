"""The organisers' agenda around the world in a browser, on a phone and a laptop, with a
fixed clock: each site's local times and what it is in now, readable and axe-clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.dialogues.agenda_helpers import sites_in_three_zones, timed_sessions
from tests.dialogues.test_agenda import FIXED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_an_organiser_follows_the_sun(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    width: int,
) -> None:
    timed_sessions(world.own)
    sites_in_three_zones(world.own)
    monkeypatch.setattr(timezone, "now", lambda: FIXED)  # the server runs in this process
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["organiser"])
    axe_page.goto(f"{live_server.url}/en/dialogues/{world.own.id}/agenda/")

    headings = axe_page.get_by_role("heading", level=2).all_inner_texts()
    assert headings == ["Sydney, Australia", "Lyon, France", "Paris, France", "Mexico City, Mexico"]
    paris = axe_page.locator("section", has=axe_page.get_by_role("heading", name="Paris, France"))
    assert "In session: Late-morning session (until 11:30 a.m.)" in paris.inner_text()
    sydney = axe_page.locator(
        "section", has=axe_page.get_by_role("heading", name="Sydney, Australia")
    )
    assert "Finished." in sydney.inner_text()
    mexico = axe_page.locator(
        "section", has=axe_page.get_by_role("heading", name="Mexico City, Mexico")
    )
    assert "Local time 3:45 a.m." in mexico.inner_text()
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"global-agenda-{width}.png"), full_page=True)
