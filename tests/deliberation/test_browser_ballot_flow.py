"""On a phone and a desktop, a citizen's vote keeps their place: with htmx the questions
are swapped in place and the next one takes the focus; without JavaScript the address's
fragment brings the page there. Answered questions fold away, and the end says thank you."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Answer, Participant
from tests.browser_fixtures import serious_accessibility_violations
from tests.deliberation.ballot_helpers import scan
from tests.deliberation.helpers import Agenda

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def vote_yes_on_access(page: Page) -> None:
    single = page.get_by_role("group", name="Is access a right?")
    single.get_by_label("Option yes").check()
    single.get_by_role("button", name="Vote").click()


@pytest.mark.parametrize("width", [390, 1366])
def test_with_htmx_a_vote_stays_in_place_and_moves_to_the_next_question(
    live_server: LiveServer,
    browser: Browser,
    axe_page: Page,
    artifacts: Path,
    day: tuple[Agenda, Participant],
    width: int,
) -> None:
    agenda, citizen = day
    # The site's own content security policy applies: htmx must work under it.
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 800})
    page = context.new_page()
    scan(page, live_server, citizen)
    header = page.locator("header")
    expect(header.get_by_role("link", name="Log in")).to_have_count(0)
    expect(header.get_by_role("combobox")).to_have_count(1)
    expect(header.get_by_role("combobox", name="Language")).to_contain_text("français")

    vote_yes_on_access(page)
    following = page.locator(f"#q-{agenda.multiple.id}")
    expect(following).to_be_focused()
    expect(following.get_by_role("status")).to_contain_text("Is access a right?")
    expect(following).to_be_in_viewport()
    assert page.url.endswith("/vote/ballot/"), "swapped in place, not a page load"
    # The answered question is folded below: its summary shows, not its options.
    expect(page.locator("summary", has_text="Is access a right?")).to_be_visible()
    expect(page.get_by_role("group", name="Is access a right?")).to_be_hidden()
    assert Answer.objects.filter(participant=citizen, question=agenda.single).exists()
    page.screenshot(path=str(artifacts / f"ballot-after-vote-{width}.png"))
    page.screenshot(path=str(artifacts / f"ballot-phone-{width}.png"), full_page=True)

    page.get_by_role("button", name="I have finished").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — your answers are recorded"
    )
    expect(page.get_by_text("You answered 1 question.")).to_be_visible()
    page.screenshot(path=str(artifacts / f"ballot-done-{width}.png"), full_page=True)
    context.close()

    axe_page.set_viewport_size({"width": width, "height": 800})
    scan(axe_page, live_server, citizen)
    assert serious_accessibility_violations(axe_page) == [], "ballot with a folded answer"
    axe_page.get_by_role("button", name="I have finished").click()
    axe_page.wait_for_url("**/vote/done/")
    assert serious_accessibility_violations(axe_page) == [], "thank-you page"


def test_without_javascript_a_vote_returns_to_the_next_question(
    live_server: LiveServer,
    browser: Browser,
    artifacts: Path,
    day: tuple[Agenda, Participant],
) -> None:
    agenda, citizen = day
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    scan(page, live_server, citizen)
    vote_yes_on_access(page)

    assert page.url.endswith(f"/vote/ballot/#q-{agenda.multiple.id}")
    following = page.locator(f"#q-{agenda.multiple.id}")
    expect(following).to_be_in_viewport()
    expect(following.get_by_role("status")).to_contain_text("Is access a right?")
    page.screenshot(path=str(artifacts / "ballot-phone-no-js-390.png"))

    following.get_by_label("Option spam").check()
    following.get_by_role("button", name="Vote").click()
    assert page.url.endswith(f"/vote/ballot/#q-{agenda.ranking.id}")
    expect(page.locator(f"#q-{agenda.ranking.id}")).to_be_in_viewport()
    context.close()
