"""A facilitator writes their table's note on a phone, then a host translates it: the form
fits a 390 px screen, is axe-clean, and the note shows "Needs translation" until it has one."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Table, TableNote
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [390, 1366])
def test_a_facilitator_writes_a_note_on_a_phone(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    Table.objects.create(site=world.own_site, number=3, facilitator=world.users["facilitator"])
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["facilitator"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/notes/")
    axe_page.locator("#note-text").fill("La table veut un accès gratuit au wifi public.")
    axe_page.get_by_label("Quotes from this note may be published").check()
    axe_page.get_by_role("button", name="Save the note").click()

    assert "Note saved." in axe_page.locator(".messages").inner_text()
    assert "Needs translation" in axe_page.content()
    assert serious_accessibility_violations(axe_page) == []
    assert fits(axe_page), f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"table-note-{width}.png"), full_page=True)
    note = TableNote.objects.get()
    assert note.public
    assert note.language == "fr"

    axe_page.get_by_label("Translation").fill("The table wants free public wifi.")
    axe_page.get_by_role("button", name="Save the translation").click()
    assert "Translation saved." in axe_page.locator(".messages").inner_text()
    assert "Needs translation" not in axe_page.content()
    assert serious_accessibility_violations(axe_page) == []
