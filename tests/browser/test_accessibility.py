"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on the main pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.accounts.models import Membership, Role, User
from polyvox.demo import dialogue as demo
from tests.browser_fixtures import log_in, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/en/",
    "/fr/",
    "/en/dialogues/future-of-the-internet/",
    "/fr/dialogues/future-of-the-internet/sites/ke-nairobi/",
    "/en/login/",
]


def test_public_pages_have_no_serious_violations(live_server: LiveServer, axe_page: Page) -> None:
    demo.load()
    for path in PUBLIC_PAGES:
        axe_page.goto(live_server.url + path)
        assert serious_accessibility_violations(axe_page) == [], path


def test_organiser_dashboard_has_no_serious_violations(
    live_server: LiveServer, axe_page: Page
) -> None:
    dialogue = demo.load()
    organiser = User.objects.create_user(username="olivia", email="olivia@example.org")
    Membership.objects.create(user=organiser, role=Role.ORGANISER, dialogue=dialogue)
    log_in(axe_page, live_server, organiser)
    axe_page.goto(live_server.url + "/en/me/")
    assert axe_page.get_by_role("heading", level=1).inner_text() == "My work"
    assert serious_accessibility_violations(axe_page) == []
