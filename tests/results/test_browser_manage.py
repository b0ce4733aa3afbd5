"""An organiser goes from the public results to their own tools, on a phone and a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.results.conftest import Results

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_an_organiser_finds_the_tools_at_the_top_of_the_results(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    results: Results,
    width: int,
) -> None:
    results.dialogue.status = Dialogue.Status.DELIBERATING
    results.dialogue.save(update_fields=["status"])
    page = axe_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, world.users["organiser"])
    page.goto(f"{live_server.url}/en/results/own/")
    link = page.get_by_role("link", name="Manage the results")
    # One screen down at most, not at the foot of a long page.
    box = link.bounding_box()
    assert box is not None
    assert box["y"] < 900
    link.click()

    assert page.get_by_role("heading", level=1).inner_text() == "Manage the results"
    for heading in ("Publication", "PDF reports", "More tools", "Recent background jobs"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert serious_accessibility_violations(page) == []
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"results-manage-{width}.png"), full_page=True)

    page.get_by_role("button", name="Recompute the results now").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Recompute the results"
    page.get_by_role("link", name="See the results").click()
    assert page.url.endswith("/en/results/own/")
