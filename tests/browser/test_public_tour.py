"""A French-speaking visitor on a phone goes from the home page to a dialogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.demo import dialogue as demo

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_french_visitor_opens_the_demo_dialogue(
    live_server: LiveServer, page: Page, artifacts: Path
) -> None:
    dialogue = demo.load()
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/fr/"  # Accept-Language chose French
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("link", name="Dialogue citoyen mondial sur l'avenir d'Internet").click()
    page.wait_for_url(f"**/fr/dialogues/{dialogue.slug}/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Dialogue citoyen mondial sur l'avenir d'Internet"
    )
    assert page.get_by_role("heading", name="Partenaires").is_visible()
    assert page.get_by_role("link", name="UNESCO").is_visible()
    page.screenshot(path=str(artifacts / "dialogue-fr.png"), full_page=True)


def test_language_switcher_works_without_javascript(
    live_server: LiveServer, browser: Browser, artifacts: Path
) -> None:
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    demo.load()
    page.goto(live_server.url + "/en/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/fr/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dialogues citoyens"
    context.close()
