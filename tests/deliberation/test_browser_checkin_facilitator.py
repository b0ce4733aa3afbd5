"""A facilitator at the door, on a phone and a laptop: they check in and undo at the door,
but a citizen already seated at a colleague's table has no undo button, only a line saying
the host can; the row never widens the page and axe-core finds nothing serious."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Participant, Table
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_participants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_facilitator_sees_no_undo_for_a_colleagues_table(
    live_server: LiveServer, axe_page: Page, artifacts: Path, world: World, width: int
) -> None:
    present = Participant.Status.PRESENT
    mine = Table.objects.create(site=world.own_site, number=1, facilitator=world.users["host"])
    theirs, at_the_door = make_participants(world.own_site, 2, status=present)
    theirs.table = mine  # the host's table, not this facilitator's
    theirs.save()
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["facilitator"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/")

    seated = axe_page.locator(f"#p-{theirs.id}")
    expect(seated.get_by_role("button")).to_have_count(0)
    expect(seated).to_contain_text("only the host can undo this check-in")
    expect(axe_page.locator(f"#p-{at_the_door.id}").get_by_role("button")).to_have_text(
        f"Undo check-in: check-in number {at_the_door.id}"
    )
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the page scrolls sideways"
    seated.scroll_into_view_if_needed()
    axe_page.screenshot(path=str(artifacts / f"checkin-facilitator-{width}.png"))
    assert serious_accessibility_violations(axe_page) == []
