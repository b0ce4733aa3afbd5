"""A host re-draws the breakout rooms for a session in the browser: asked first, then told,
at phone and desktop widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import SessionSeat
from polyvox.dialogues.models import Session
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_participants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_host_redraws_the_rooms_for_a_session(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    make_participants(world.own_site, 15)
    Session.objects.create(dialogue=world.own, key="one", position=1, title={"en": "Morning"})
    Session.objects.create(dialogue=world.own, key="two", position=2, title={"en": "Afternoon"})
    page = axe_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, world.users["host"])
    page.goto(f"{live_server.url}/en/day/{world.own_site.id}/")
    page.get_by_role("link", name="Breakout rooms").click()

    afternoon = page.locator(".card", has_text="Afternoon")
    afternoon.get_by_label("Citizens per room").fill("5")
    afternoon.get_by_role("button", name="Re-draw the rooms").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Move all 15 citizens present to new rooms for “Afternoon”?"
    )
    assert not SessionSeat.objects.exists()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Re-draw the rooms").click()

    expect(page.locator(".messages")).to_contain_text(
        "15 citizens seated in 3 rooms for “Afternoon”."
    )
    expect(page.locator(".card", has_text="Afternoon")).to_contain_text("Re-drawn: 3 rooms.")
    expect(page.locator(".card", has_text="Morning")).to_contain_text("Tables of the day.")
    assert serious_accessibility_violations(page) == []
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the breakouts page scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"breakouts-{width}.png"), full_page=True)
