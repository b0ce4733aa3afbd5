"""The public results in Arabic on a phone: right-to-left, figures kept left-to-right where
their order matters, charts mirrored, axe-core clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from tests.browser_fixtures import serious_accessibility_violations
from tests.results.conftest import Results

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_arabic_results_read_right_to_left(
    live_server: LiveServer, axe_page: Page, artifacts: Path, results: Results, width: int
) -> None:
    results.dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    results.dialogue.save(update_fields=["status"])
    axe_page.set_viewport_size({"width": width, "height": 900})

    axe_page.goto(f"{live_server.url}/ar/results/own/")

    html = axe_page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    number = axe_page.locator("td.number").first
    assert number.evaluate("cell => getComputedStyle(cell).unicodeBidi") == "isolate"
    chart = axe_page.locator("svg[role=img]").first
    # The SVG keeps the renderer's left-to-right anchors; the spec mirrors the bars.
    assert chart.get_attribute("direction") == "ltr"
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    assert serious_accessibility_violations(axe_page) == []
    axe_page.screenshot(path=str(artifacts / f"results-arabic-{width}.png"), full_page=True)
