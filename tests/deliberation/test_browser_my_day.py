"""A citizen opens "my day" from their QR code on a phone, without JavaScript (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.checkin import tables_seat
from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Session, SessionMaterial, Site
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[Page]:
    """A 360 px phone with JavaScript turned off."""
    context = browser.new_context(
        locale="en-GB", viewport={"width": 360, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


# The citizen reads Portuguese: the page speaks it, whatever the address's /en/ says.
ROOM_BUTTON = "Abrir a sala da minha mesa"


@pytest.fixture(autouse=True)
def morning_of_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """08:00 in Lisbon on the site's day (world's dialogue: 5 December 2036), before the
    first session, so its room button shows."""
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2036, 12, 5, 8, 0, tzinfo=ZoneInfo("Europe/Lisbon"))
    )


def sessions(world: World) -> int:
    """One room button per session still to come: every session, before the day starts."""
    return Session.objects.filter(dialogue=world.own).count()


def online_citizen(world: World) -> Participant:
    make_agenda(world.own)
    session = Session.objects.get(dialogue=world.own, key="internet")
    SessionMaterial.objects.create(
        session=session, language="pt", video_url="https://video.example.org/pt"
    )
    site = world.own_site
    site.mode = Site.Mode.ONLINE
    site.city = "Lisbon"
    site.languages = ["pt", "en"]
    site.time_zone = "Europe/Lisbon"
    site.room_template = "https://meet.jit.si/polyvox-test-{table}-{session}"
    site.plenary_room_url = "https://meet.jit.si/polyvox-test-plenary"
    site.contact_email = "lisboa@example.org"
    site.save()
    citizens = make_participants(site, 10, status=Participant.Status.CONFIRMED, language="pt")
    tables_seat(site=site, table_size=5)
    return citizens[0]


def test_my_day_without_javascript_at_360_px_is_accessible(
    live_server: LiveServer,
    no_script_page: Page,
    axe_page: Page,
    audit_trail_emptied_afterwards: None,
    world: World,
) -> None:
    citizen = online_citizen(world)
    page = no_script_page
    page.goto(f"{live_server.url}/en/vote/?code={citizen.code}&next=my-day")
    assert page.url.endswith("/vote/my-day/")
    assert citizen.code not in page.content()
    assert page.locator("script").count() == 0
    assert page.get_by_role("button", name=ROOM_BUTTON).count() == sessions(world)
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "my day scrolls sideways at 360 px"
    # axe-core needs timers, which never fire with JavaScript off: it audits the very page
    # the script-less phone received, loaded into a 360 px page that may run it.
    html = page.content().replace("<head>", f'<head><base href="{live_server.url}/">', 1)
    axe_page.set_viewport_size({"width": 360, "height": 800})
    axe_page.set_content(html)
    assert serious_accessibility_violations(axe_page) == []


@pytest.mark.parametrize("width", [390, 1366])
def test_my_day_screenshots(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    citizen = online_citizen(world)
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(f"{live_server.url}/en/vote/?code={citizen.code}&next=my-day")
    assert axe_page.get_by_role("heading", level=1).inner_text()
    assert axe_page.get_by_role("button", name=ROOM_BUTTON).count() == sessions(world)
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"my day scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"my-day-{width}.png"), full_page=True)
