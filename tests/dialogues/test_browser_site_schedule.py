"""A host moves their site's day and gives a session an evening of its own, in a browser,
on a phone and a laptop; the page is axe-clean and says what was saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.audit.models import AuditEvent
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.dialogues.agenda_helpers import timed_sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_host_moves_the_day_and_gives_a_session_its_own_evening(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    timed_sessions(world.own)
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/sites/{world.own_site.id}/schedule/")
    assert serious_accessibility_violations(axe_page) == []

    axe_page.get_by_label("Move the whole day by (minutes)").fill("60")
    axe_page.get_by_label("Late-morning session: its own date").fill("2036-12-06")
    axe_page.get_by_label("Late-morning session: its own start (local time)").fill("18:30")
    axe_page.get_by_role("button", name="Save the schedule").click()

    assert "The schedule of Paris is saved." in axe_page.locator(".messages").inner_text()
    table = axe_page.get_by_role("table", name="Sessions in Paris").inner_text()
    assert "10 a.m.–11 a.m." in table  # 09:00 moved by an hour
    assert "Dec. 6, 2036, 6:30 p.m.–7:30 p.m." in table
    assert AuditEvent.objects.filter(action="site.schedule").count() == 1
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"site-schedule-{width}.png"), full_page=True)
