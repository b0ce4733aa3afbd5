"""The results page with its themes, and the organisers' theme editor, pass axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from polyvox.results.services import themes_compute
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.results.conftest import Results
from tests.results.test_themes import PRIVACY, WIFI, why, write_answers

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
