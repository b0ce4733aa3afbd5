"""A host seats everyone again in the browser: the page asks first, saying how many
citizens move and that printed lists go out of date, then says what was done."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Participant, Table
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_participants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_host_confirms_before_everyone_is_seated_again(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    make_participants(world.own_site, 24)
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/")
    axe_page.get_by_label("Citizens per table").fill("6")
    axe_page.get_by_role("button", name="Seat everyone present").click()

    heading = axe_page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Move all 24 citizens present to new tables?"
    assert "printed table lists will be out of date" in axe_page.content()
    assert not Table.objects.exists()
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"confirm-seating-{width}.png"), full_page=True)

    axe_page.get_by_role("button", name="Seat everyone again").click()
    assert "24 citizens seated at 4 tables." in axe_page.locator(".messages").inner_text()
    assert not Participant.objects.filter(table__isnull=True).exists()


def test_cancel_goes_back_to_the_day_and_seats_nobody(
    live_server: LiveServer,
    axe_page: Page,
    audit_trail_emptied_afterwards: None,
    world: World,
) -> None:
    make_participants(world.own_site, 6)
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/")
    axe_page.get_by_role("button", name="Seat everyone present").click()
    axe_page.get_by_role("link", name="Cancel").click()
    assert axe_page.url.endswith(f"/en/day/{world.own_site.id}/")
    assert not Table.objects.exists()
