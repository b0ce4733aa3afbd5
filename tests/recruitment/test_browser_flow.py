"""The host's recruitment pages in a real browser: htmx flags impossible quotas as the
host types, and every page of the flow passes axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.recruitment.helpers import define_categories, pool_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_host_walks_from_the_pool_to_the_report(
    live_server: LiveServer,
    axe_page: Page,
    world: World,
    tmp_path: Path,
    audit_trail_emptied_afterwards: None,
) -> None:
    site = world.own_site
    world.own.status = Dialogue.Status.RECRUITING
    world.own.save()
    define_categories(site)
    page = axe_page
    log_in(page, live_server, world.users["host"])
    base = f"{live_server.url}/en/recruitment/sites/{site.id}/"

    page.goto(base)
    pool = tmp_path / "pool.csv"
    pool.write_bytes(pool_csv(40))
    page.set_input_files("#pool-file", str(pool))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("40 volunteers added to the pool.")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Next: the quotas").click()
    problems = page.locator("#quota-problems")
    page.fill("#panel-size", "10")
    woman_min = page.get_by_role("spinbutton", name="Woman Minimum", exact=True)
    woman_min.fill("9")
    page.get_by_role("spinbutton", name="Man Minimum", exact=True).fill("4")
    # htmx asks the server as the host types; the answer names the quotas and the fix.
    expect(problems).to_contain_text("Gender: the minimums add up to 13")
    expect(problems).to_contain_text("The smallest change that makes a panel possible:")
    assert serious_accessibility_violations(page) == []
    woman_min.fill("4")
    expect(problems).to_contain_text("No contradiction found in these quotas.")
    page.get_by_role("button", name="Save the quotas").click()
    expect(page.get_by_text("Quotas saved for a panel of 10.")).to_be_visible()

    page.goto(base)
    # The lottery waits for a closed pool; the page offers the close where it says so.
    page.get_by_role("button", name="Close registration").last.click()
    # Closing asks first, then says what it did.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Close registration in")
    page.get_by_role("button", name="Close registration").click()
    expect(page.get_by_text("The registration page is closed. The pool keeps its")).to_be_visible()
    expect(page.get_by_role("link", name="prepare the lottery")).to_be_visible()
    page.fill("#id_panel_size", "10")
    page.fill("#id_reserves", "2")
    page.get_by_role("button", name="Prepare the lottery and publish its commitment").click()
    page.get_by_role("link", name="Go to the draw").click()
    assert serious_accessibility_violations(page) == []
    page.fill("#id_public_random", "drand round 77")
    page.get_by_role("button", name="Draw the panel").click()
    expect(page.get_by_text("The panel has been drawn.")).to_be_visible()
    page.get_by_role("link", name="The public selection report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How the panel of")
    assert "example.org" not in page.content()
    assert serious_accessibility_violations(page) == []
