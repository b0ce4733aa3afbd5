"""The organisers' population figures page: a territory without a World Bank figure is
named, a figure with its source is given in the browser, on a phone and a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from polyvox.results.models import PopulationOverride
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World, make_site
from tests.results.conftest import Results, add_ballot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_an_organiser_gives_taiwan_a_population_with_its_source(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    results: Results,
    width: int,
) -> None:
    taipei = make_site(results.dialogue, "taipei", country="TW", city="Taipei")
    add_ballot(taipei, results.agree, results.option["yes"])
    results.dialogue.status = Dialogue.Status.DELIBERATING
    results.dialogue.save(update_fields=["status"])
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["organiser"])

    axe_page.goto(f"{live_server.url}/en/results/own/")
    assert (
        "no population figure for Taiwan (TW)"
        in axe_page.locator("#missing-population").inner_text()
    )
    axe_page.get_by_role("link", name="Give its population and the source of the figure").click()
    assert axe_page.locator("#missing-population").is_visible()
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"populations-{width}.png"), full_page=True)

    axe_page.get_by_label("Country", exact=True).select_option("TW")
    axe_page.get_by_label("Population", exact=True).fill("23 400 000")
    axe_page.get_by_label("Source", exact=True).fill("DGBAS, end of 2024")
    axe_page.get_by_role("button", name="Use this figure").click()
    assert "Saved." in axe_page.locator(".messages").inner_text()
    assert "override: 23,400,000, DGBAS, end of 2024" in axe_page.locator("table").inner_text()
    assert axe_page.locator("#missing-population").count() == 0
    assert PopulationOverride.objects.get().population == 23_400_000
    assert serious_accessibility_violations(axe_page) == []
