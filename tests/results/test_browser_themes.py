"""The results page with its themes, and the organisers' theme editor, pass axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from polyvox.results.services import themes_compute
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.results.conftest import Results
from tests.results.test_themes import PRIVACY, WIFI, name, publish, why, write_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_results_page_and_the_theme_editor_have_no_serious_violations(
    live_server: LiveServer, axe_page: Page, world: World, results: Results
) -> None:
    write_answers(world.own_site, why(results), WIFI + PRIVACY)
    themes = themes_compute(dialogue=results.dialogue, site=None, question=why(results))
    results.dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    results.dialogue.save(update_fields=["status"])
    axe_page.goto(f"{live_server.url}/en/results/own/?category=age")
    assert axe_page.locator("#themes-heading").is_visible()
    assert serious_accessibility_violations(axe_page) == []
    log_in(axe_page, live_server, world.users["organiser"])
    for path in ("/en/results/own/themes/", f"/en/results/own/themes/{themes[0].id}/"):
        axe_page.goto(live_server.url + path)
        assert serious_accessibility_violations(axe_page) == [], path


def check_page(page: Page, artifacts: Path, name: str, width: int) -> None:
    assert serious_accessibility_violations(page) == [], name
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{name} scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_an_organiser_merges_one_idea_named_in_two_languages_and_readers_see_it_named(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    results: Results,
    width: int,
) -> None:
    write_answers(world.own_site, why(results), WIFI + PRIVACY)
    write_answers(world.own_other_site, why(results), FRENCH_WIFI, "fr")
    themes = themes_compute(dialogue=results.dialogue, site=None, question=why(results))
    english = next(t for t in themes if t.language == "en" and "wifi" in t.label_terms)
    french = next(t for t in themes if t.language == "fr")
    name(english, en="Free public wifi")
    name(french, en="Public wifi for free", fr="Wifi public gratuit")
    publish(results.dialogue)
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["organiser"])

    axe_page.goto(f"{live_server.url}/en/results/own/themes/")
    assert axe_page.get_by_text("not named: not published").count() == 1  # privacy
    suggestion = axe_page.locator(".theme-suggestions li")
    assert suggestion.count() == 1
    assert "Public wifi for free" in suggestion.inner_text()
    check_page(axe_page, artifacts, "themes-editor", width)
    suggestion.get_by_role("button", name="Merge these two").click()
    assert axe_page.get_by_role("heading", name="Merge these 2 themes?").is_visible()
    axe_page.get_by_role("button", name="Merge them").click()
    assert "The themes were merged." in axe_page.locator(".messages").inner_text()
    assert axe_page.locator(".theme-suggestions").count() == 0

    axe_page.goto(f"{live_server.url}/fr/results/own/")
    themes_section = axe_page.locator("section.themes")
    assert themes_section.get_by_role("rowheader", name="Wifi public gratuit").is_visible()
    assert "Free public wifi" not in themes_section.inner_text()
    assert themes_section.locator(".themes-unnamed").is_visible()  # privacy, still unnamed
    check_page(axe_page, artifacts, "themes-public", width)


# Two texts: one theme (fewer than three are never split).
FRENCH_WIFI = ["Plus de wifi public gratuit.", "Du wifi gratuit dans les gares."]
