"""The design system's page, on a phone and a laptop: every component shows, tables stack
on the phone, nothing scrolls sideways, and axe-core finds no serious violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from polyvox.accounts.models import User
from polyvox.demo import dialogue as demo
from tests.browser_fixtures import log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPONENTS = [
    "button.secondary",
    "button.warning",
    "button.link",
    "a.button",
    ".card",
    ".field .hint",
    ".field.has-error .errorlist",
    "table.data.stack",
    ".alert.success",
    ".alert.warning",
    ".alert.error",
    "progress",
    ".empty-state",
    ".tag",
    ".summary-list",
    ".pagination",
]


@pytest.mark.parametrize("width", [390, 1366])
def test_staff_see_every_component_readably(
    live_server: LiveServer, browser: Browser, artifacts: Path, width: int
) -> None:
    staff = User.objects.create_user(username="sam", email="sam@example.org", is_staff=True)
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/en/staff/design/")

    assert page.get_by_role("heading", level=1).inner_text() == "Design system"
    for selector in COMPONENTS:
        assert page.locator(selector).first.is_visible(), selector
    # The strict policy refuses style attributes: the page must look right without any.
    assert page.locator("[style]").count() == 0
    # A stacked table drops its column heads on a phone; each cell then names its column.
    column_heads = page.locator("table.data.stack thead").first.bounding_box()
    assert column_heads is not None
    assert (column_heads["height"] <= 1) == (width < 640)
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / f"design-system-{width}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_public_pages_and_the_not_found_page_share_the_layout(
    live_server: LiveServer, browser: Browser, artifacts: Path, width: int
) -> None:
    demo.load()
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    for name, path in [("home", "/en/"), ("not-found", "/en/no-such-page/")]:
        page.goto(live_server.url + path)
        # The header's brand and language menu share the first row, even on a phone.
        brand = page.locator(".brand").bounding_box()
        switcher = page.locator(".language-switcher").bounding_box()
        assert brand is not None
        assert switcher is not None
        assert abs(brand["y"] - switcher["y"]) < brand["height"], name
        assert page.locator("footer a").count() >= 3, name
        fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{name} scrolls sideways at {width} px"
        assert serious_accessibility_violations(page) == [], name
        page.screenshot(path=str(artifacts / f"design-{name}-{width}.png"), full_page=True)
    # The current section is marked in the menu, for screen readers as well as by sight.
    page.goto(live_server.url + "/en/")
    assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "Dialogues"
    context.close()
