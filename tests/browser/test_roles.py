"""The main screens of every role, in a real browser, with XSS payloads in every text:
no payload runs (with the Content-Security-Policy switched off, so that escaping alone is
tested) and axe-core finds no serious or critical accessibility violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from polyvox.recruitment.models import PoolImport
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.xss import admin_user, seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def role_pages(world: World, role: str) -> list[str]:
    dialogue, site = world.own, world.own_site
    day = f"/en/day/{site.id}"
    pages = {
        "anonymous": [
            "/en/",
            f"/en/dialogues/{dialogue.slug}/",
            f"/en/dialogues/{dialogue.slug}/sites/{site.slug}/",
            "/en/consultations/xss/",
        ],
        "organiser": [
            "/en/me/",
            f"/en/dialogues/{dialogue.id}/audit/",
            "/en/consultations/xss/moderation/",
            f"/en/results/{dialogue.slug}/",
        ],
        "host": [
            f"/en/recruitment/sites/{site.id}/",
            f"/en/recruitment/sites/{site.id}/quotas/",
            f"/en/recruitment/imports/{PoolImport.objects.get().id}/",
            f"{day}/counts/",
            # The day as its host sees it: check-in with every mark, the run sheet's switches.
            f"{day}/",
            f"{day}/run-sheet/",
            f"{day}/cards/",
        ],
        "facilitator": [
            f"{day}/",
            f"{day}/tables/",
            f"{day}/run-sheet/",
            f"{day}/recommendations/",
            f"{day}/dashboard/",
        ],
        "admin": [
            "/en/admin/",
            f"/en/admin/dialogues/dialogue/{dialogue.id}/change/",
            "/en/admin/dialogues/organisation/",
            "/en/admin/recruitment/volunteer/",
        ],
    }
    return pages[role]


def open_as(page: Page, live_server: LiveServer, world: World, role: str) -> None:
    if role == "admin":
        log_in(page, live_server, admin_user())
    elif role != "anonymous":
        log_in(page, live_server, world.users[role])


@pytest.fixture
def hostile_world(world: World) -> World:
    seed(world, audit=False)
    # Public pages show the dialogue once it is past its draft.
    Dialogue.objects.filter(id=world.own.id).update(status=Dialogue.Status.DELIBERATING)
    return world


ROLES = ("anonymous", "organiser", "host", "facilitator", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_no_payload_runs(
    live_server: LiveServer, axe_page: Page, hostile_world: World, role: str
) -> None:
    dialogs: list[str] = []

    def note_and_dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    axe_page.on("dialog", note_and_dismiss)
    open_as(axe_page, live_server, hostile_world, role)
    paths = role_pages(hostile_world, role)
    shown = 0
    for path in paths:
        response = axe_page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, path
        shown += "onerror=__xss=1" in axe_page.inner_text("body")  # the payload, as text
        assert axe_page.evaluate("typeof window.__xss") == "undefined", path
    assert dialogs == []
    assert shown >= len(paths) / 2


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_accessibility_violation(
    live_server: LiveServer, axe_page: Page, hostile_world: World, role: str
) -> None:
    open_as(axe_page, live_server, hostile_world, role)
    for path in role_pages(hostile_world, role):
        axe_page.goto(live_server.url + path)
        assert serious_accessibility_violations(axe_page) == [], path
