"""The quota editor in a browser: it keeps the panel size the host checked against, and
fixes contradictory quotas in one click, either by the engine's smallest change or in
proportion to the population."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.recruitment.models import Quota
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.recruitment.helpers import make_pool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_host_fixes_quotas_in_one_click_and_keeps_the_panel_size(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    make_pool(world.own_site)
    page = axe_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, world.users["host"])
    page.goto(f"{live_server.url}/en/recruitment/sites/{world.own_site.id}/quotas/")

    page.fill("#panel-size", "10")
    page.get_by_role("spinbutton", name="Woman Minimum", exact=True).fill("9")
    page.get_by_role("spinbutton", name="Man Maximum", exact=True).fill("1")
    # Ten young people with at most one man need nine young women; the pool has eight.
    page.get_by_role("spinbutton", name="16-39 Minimum", exact=True).fill("10")
    page.get_by_role("spinbutton", name="40+ Maximum", exact=True).fill("0")
    problems = page.locator("#quota-problems")
    expect(problems).to_contain_text("The smallest change that makes a panel possible:")
    assert serious_accessibility_violations(page) == []
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the quota editor scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"quota-suggestion-{width}.png"), full_page=True)

    page.get_by_role("button", name="Apply this suggestion").click()
    expect(page.locator(".messages")).to_contain_text("The suggested change is applied")
    expect(page.locator("#panel-size")).to_have_value("10")
    woman = Quota.objects.get(value__key="f")
    assert (woman.min, woman.max) == (8, 10)

    page.get_by_role("button", name="Set in proportion to the population").click()
    expect(page.locator(".messages")).to_contain_text(
        "Quotas set in proportion to the population for a panel of 10"
    )
    expect(page.locator("#panel-size")).to_have_value("10")
    assert (Quota.objects.get(value__key="f").min, Quota.objects.get(value__key="f").max) == (
        3,
        7,
    )
