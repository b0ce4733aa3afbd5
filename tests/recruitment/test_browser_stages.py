"""A recruiting site's public page offers to volunteer, and the host's recruitment page
names the next step, at phone and desktop widths: axe-clean, no sideways scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.recruitment.helpers import make_pool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page: Page, artifacts: Path, name: str, width: int) -> None:
    assert serious_accessibility_violations(page) == [], name
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{name} scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_a_recruiting_site_offers_to_volunteer(
    live_server: LiveServer, axe_page: Page, artifacts: Path, world: World, width: int
) -> None:
    # Other sites' day has begun; this one still recruits.
    world.published.status = Dialogue.Status.DELIBERATING
    world.published.save(update_fields=["status"])
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(f"{live_server.url}/en/dialogues/published/sites/dakar/")
    volunteer = axe_page.get_by_role("link", name="Volunteer to take part")
    expect(volunteer).to_be_visible()
    check_page(axe_page, artifacts, "stage-site-volunteer", width)
    volunteer.click()
    expect(axe_page.get_by_role("heading", level=1)).to_contain_text("Volunteer")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_host_sees_the_next_step_and_takes_it(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    make_pool(world.own_site, size=16, close_registration=False)
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/recruitment/sites/{world.own_site.id}/")
    step = axe_page.locator(".stage-next-step")
    expect(step).to_contain_text("Next step: close registration when the pool is large enough")
    check_page(axe_page, artifacts, "stage-host-registration", width)
    # No lottery while registration is open: its section offers the close instead.
    prepare = axe_page.get_by_role("button", name="Prepare the lottery and publish its commitment")
    expect(prepare).to_have_count(0)
    axe_page.get_by_role("button", name="Close registration").last.click()
    axe_page.get_by_role("button", name="Close registration").click()  # it asks first
    expect(step).to_contain_text("Next step: prepare the lottery")
    check_page(axe_page, artifacts, "stage-host-next-step", width)
    step.get_by_role("link", name="prepare the lottery").click()
    expect(prepare).to_be_visible()
