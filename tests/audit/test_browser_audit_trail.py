"""An organiser reads the audit trail in the browser: sentences, a filter by what, and
the raw record one click away, on a phone and a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.audit.services import audit_record
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_an_organiser_filters_the_trail_to_the_results(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    organiser = world.users["organiser"]
    organiser.first_name, organiser.last_name = "Ana", "Lima"
    organiser.save()
    audit_record(
        actor=organiser,
        action="results.themes_merge",
        dialogue=world.own,
        target="12",
        details={"merged": [12, 14]},
    )
    audit_record(
        actor=world.users["host"],
        action="invitations.send",
        site=world.own_site,
        details={"sent": 30},
    )
    audit_record(actor=organiser, action="results.publish", dialogue=world.own)
    page = axe_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/en/dialogues/{world.own.id}/audit/")
    trail = page.locator(".audit-trail")
    assert "host (national host) sent invitations (30)." in trail.inner_text()

    page.get_by_label("What").select_option(label="Results and reports")
    page.get_by_label("Who").select_option(label="Ana Lima (organiser)")
    page.get_by_role("button", name="Show").click()
    assert page.locator(".audit-sentence").all_inner_texts() == [
        "Ana Lima (organiser) published the results as final.",
        "Ana Lima (organiser) merged themes (2).",
    ]
    page.locator(".audit-trail summary").last.click()
    assert "results.themes_merge" in trail.locator("details").last.inner_text()
    assert serious_accessibility_violations(page) == []
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"audit-trail-{width}.png"), full_page=True)
