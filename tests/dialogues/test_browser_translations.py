"""An organiser follows the translators' workflow in the browser: what is missing per
language, the file for translators, and a translated file back."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.translations import translations_export
from polyvox.lib.xliff import Unit, XliffFile, xliff_read, xliff_write
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_agenda

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_an_organiser_sends_texts_out_and_takes_translations_back(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    tmp_path: Path,
    width: int,
) -> None:
    make_agenda(world.own)
    page = axe_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, world.users["organiser"])
    page.goto(f"{live_server.url}/en/me/")
    page.get_by_role("link", name="Translations").first.click()
    french = page.locator("section", has=page.get_by_role("heading", name="français (fr)"))
    expect(french).to_contain_text("texts have no translation yet")
    assert serious_accessibility_violations(page) == []
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the translations page scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"translations-{width}.png"), full_page=True)

    exported = xliff_read(translations_export(dialogue=world.own, language="fr"), file_name="f")
    units = tuple(Unit(u.id, u.source, f"[fr] {u.source}") for u in exported.units)
    translated = tmp_path / "own-fr.xlf"
    translated.write_bytes(xliff_write(XliffFile("en", "fr", units), file_id="own"))
    page.set_input_files("#xliff-file", str(translated))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messages")).to_contain_text("translations into français saved.")
    expect(french).to_contain_text("0 of")
    assert serious_accessibility_violations(page) == []
