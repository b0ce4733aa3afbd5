"""The screenshot tour (issue 18): every role's main pages on a phone (390 px) and a laptop
(1366 px), each saved to test-artifacts/tour/<role>-<page>-<width>.png, and none with a
serious or critical accessibility violation. One context per role and width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from polyvox.accounts.models import Membership, Role, User
from polyvox.deliberation.models import Participant, Table
from polyvox.dialogues.models import Dialogue
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World, make_user
from tests.deliberation.helpers import make_agenda, make_participants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)
ROLES = (
    "anonymous",
    "citizen",
    "facilitator",
    "note_taker",
    "host",
    "organiser",
    "observer",
)


def tour(world: World, role: str) -> dict[str, str]:
    """Each role's main pages, by the name their screenshots take."""
    dialogue, site = world.own.slug, world.own_site
    day = f"/en/day/{site.id}"
    results = f"/en/results/{dialogue}/"
    pages = {
        "anonymous": {
            "home": "/en/",
            "dialogue": f"/en/dialogues/{dialogue}/",
            "site": f"/en/dialogues/{dialogue}/sites/{site.slug}/",
            "results": results,
            "voting-code": "/en/vote/",
        },
        "citizen": {"ballot": "/en/vote/ballot/", "my-day": "/en/vote/my-day/"},
        "facilitator": {"day": f"{day}/", "tables": f"{day}/tables/", "notes": f"{day}/notes/"},
        "note_taker": {"day": f"{day}/", "notes": f"{day}/notes/"},
        "host": {
            "recruitment": f"/en/recruitment/sites/{site.id}/",
            "day": f"{day}/",
            "run-sheet": f"{day}/run-sheet/",
            "counts": f"{day}/counts/",
        },
        "organiser": {
            "me": "/en/me/",
            "results": results,
            "audit": f"/en/dialogues/{world.own.id}/audit/",
        },
        "observer": {"me": "/en/me/", "results": results},
    }
    return pages[role]


@pytest.fixture
def toured_world(world: World) -> World:
    """The world's dialogue on its day: an agenda, citizens seated at a table with its
    facilitator and note-taker, and public pages open."""
    make_agenda(world.own)
    Dialogue.objects.filter(id=world.own.id).update(status=Dialogue.Status.DELIBERATING)
    note_taker = make_user("notes")
    Membership.objects.create(
        user=note_taker, role=Role.NOTE_TAKER, dialogue=world.own, site=world.own_site
    )
    world.users["note_taker"] = note_taker
    table = Table.objects.create(
        site=world.own_site, number=1, facilitator=world.users["facilitator"], note_taker=note_taker
    )
    citizens = make_participants(
        world.own_site, 6, status=Participant.Status.PRESENT, language="en"
    )
    Participant.objects.filter(id__in=[c.id for c in citizens]).update(table=table)
    return world


def enter(page: Page, live_server: LiveServer, world: World, role: str) -> None:
    if role == "citizen":
        citizen = Participant.objects.filter(site=world.own_site).order_by("id").first()
        assert citizen is not None
        page.goto(f"{live_server.url}/en/vote/?code={citizen.code}")
    elif role != "anonymous":
        user: User = world.users[role]
        log_in(page, live_server, user)


@pytest.mark.parametrize("role", ROLES)
def test_every_roles_main_pages_at_phone_and_laptop_width(
    live_server: LiveServer,
    browser: Browser,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    toured_world: World,
    role: str,
) -> None:
    folder = artifacts / "tour"
    folder.mkdir(exist_ok=True)
    findings: dict[str, list[str]] = {}
    for width in WIDTHS:
        # axe-core is injected as a script, which only this test context's policy allows.
        context = browser.new_context(
            locale="en-GB", viewport={"width": width, "height": 900}, bypass_csp=True
        )
        page = context.new_page()
        enter(page, live_server, toured_world, role)
        for name, path in tour(toured_world, role).items():
            response = page.goto(live_server.url + path)
            assert response is not None, path
            assert response.status == 200, (role, path)
            page.screenshot(path=str(folder / f"{role}-{name}-{width}.png"), full_page=True)
            findings[f"{path} at {width} px"] = serious_accessibility_violations(page)
        context.close()
    assert {page: found for page, found in findings.items() if found} == {}
