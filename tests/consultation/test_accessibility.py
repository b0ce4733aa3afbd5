"""On a phone, without JavaScript, a visitor votes; axe-core finds no serious WCAG issue."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.consultation.models import Consultation, Vote
from polyvox.demo import consultation as consultation_demo
from polyvox.demo import dialogue as dialogues_demo
from tests.browser_fixtures import serious_accessibility_violations

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation() -> Consultation:
    dialogue = dialogues_demo.load()
    consultation_demo.load(dialogue=dialogue)
    return Consultation.objects.get(slug=consultation_demo.DEMO_SLUG)


def test_consultation_pages_have_no_serious_violations(
    live_server: LiveServer, axe_page: Page, consultation: Consultation
) -> None:
    for path in ("/en/consultations/", "/en/consultations/{}/", "/fr/consultations/{}/map/"):
        axe_page.goto(live_server.url + path.format(consultation.slug))
        assert serious_accessibility_violations(axe_page) == [], path


def test_a_phone_without_javascript_votes_and_adds_a_statement(
    live_server: LiveServer, browser: Browser, consultation: Consultation
) -> None:
    context = browser.new_context(
        locale="en-GB", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/consultations/{consultation.slug}/")
        page.get_by_role("button", name="Agree", exact=True).click()
        page.get_by_role("button", name="Disagree", exact=True).click()
        assert "You have voted on 2 of" in page.content()
        page.get_by_label("Your statement").fill("Youth panels should visit stations")
        page.get_by_role("button", name="Send the statement").click()
        assert "now open for votes" in page.content()
    finally:
        context.close()
    participant = consultation.participants.exclude(key__startswith="polis:").get()
    assert Vote.objects.filter(participant=participant).count() == 3
