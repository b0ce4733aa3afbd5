"""A citizen votes in Arabic on a phone: the page is right-to-left, mirrored, readable
and passes axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Participant
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arabic_citizen(world: World) -> Participant:
    world.own_site.languages = ["ar", "en"]
    world.own_site.save()
    open_all(world.own_site, make_agenda(world.own))
    (citizen,) = make_participants(world.own_site, 1, language="ar")
    return citizen


def starts_on_the_right(page: Page, selector: str) -> bool:
    """The element's first line of text begins at its right edge, as Arabic does."""
    found: bool = page.evaluate(
        """selector => {
            const element = document.querySelector(selector);
            const box = element.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(element);
            const line = range.getClientRects()[0];
            return box.right - line.right < 2 && line.left - box.left > 2;
        }""",
        selector,
    )
    return found


@pytest.mark.parametrize("width", [390, 1366])
def test_an_arabic_ballot_reads_right_to_left(
    live_server: LiveServer,
    browser: Browser,
    arabic_citizen: Participant,
    artifacts: Path,
    width: int,
) -> None:
    context = browser.new_context(
        locale="ar", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/vote/?code={arabic_citizen.code}")
    page.wait_for_url("**/ar/vote/ballot/")

    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.get_by_role("heading", level=1).inner_text() == "ورقة تصويتك"
    assert starts_on_the_right(page, "h1")
    switcher = page.locator(".language-switcher").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert switcher is not None
    assert brand is not None
    if width > 600:  # one header row: the brand on the right, the switcher at the far left
        assert switcher["x"] < brand["x"]
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(artifacts / f"ballot-arabic-{width}.png"), full_page=True)
    context.close()
