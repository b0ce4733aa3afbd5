"""On a phone and a desktop, the vote on the recommendations keeps the citizen's place, as
the ballot does: with htmx the vote is swapped in place and the first recommendation left
without a number takes the focus; without JavaScript the address's fragment goes there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Participant, Recommendation, RecommendationRanking, Table
from polyvox.deliberation.recommendations import ranking_open_set, recommendation_write
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.ballot_helpers import scan
from tests.deliberation.helpers import make_agenda, make_participants

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = [f"Recommendation number {n}: free wifi in every library" for n in range(1, 9)]


@pytest.fixture
def vote(world: World) -> tuple[list[Recommendation], Participant]:
    """Eight tables' recommendations, enough to scroll on a phone; the vote open (no staff
    actor: the audit trail is append-only, and a live-server test empties the database)."""
    make_agenda(world.own)
    for number, text in enumerate(TEXTS, start=1):
        table = Table.objects.create(site=world.own_site, number=number)
        recommendation_write(table=table, text=text, language="en")
    ranking_open_set(site=world.own_site, enabled=True)
    (citizen,) = make_participants(world.own_site, 1, language="en")
    return list(Recommendation.objects.order_by("table__number")), citizen


def open_vote(page: Page, live_server: LiveServer, citizen: Participant) -> None:
    scan(page, live_server, citizen)
    page.goto(f"{live_server.url}/en/vote/recommendations/")


def rank_first_two(page: Page) -> None:
    page.get_by_label(TEXTS[0]).fill("1")
    page.get_by_label(TEXTS[1]).fill("2")
    page.get_by_role("button", name="Save my ranking").click()


@pytest.mark.parametrize("width", [390, 1366])
def test_with_htmx_a_vote_stays_in_place_at_the_first_unranked(
    live_server: LiveServer,
    browser: Browser,
    axe_page: Page,
    artifacts: Path,
    vote: tuple[list[Recommendation], Participant],
    width: int,
) -> None:
    recommendations, citizen = vote
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 800})
    page = context.new_page()
    open_vote(page, live_server, citizen)
    rank_first_two(page)
    following = page.locator(f"#r-{recommendations[2].id}")
    expect(following).to_be_focused()
    expect(following.get_by_role("status")).to_contain_text("Your vote is recorded.")
    expect(following).to_be_in_viewport()
    assert page.url.endswith("/vote/recommendations/"), "swapped in place, not a page load"
    expect(page.get_by_label(TEXTS[0])).to_have_value("1")
    ranking = RecommendationRanking.objects.get(participant=citizen)
    assert ranking.order[:2] == [recommendations[0].id, recommendations[1].id]
    page.screenshot(path=str(artifacts / f"rank-after-vote-{width}.png"))
    context.close()

    axe_page.set_viewport_size({"width": width, "height": 800})
    open_vote(axe_page, live_server, citizen)
    rank_first_two(axe_page)
    expect(axe_page.locator(f"#r-{recommendations[2].id}")).to_be_focused()
    assert serious_accessibility_violations(axe_page) == [], "vote after a ranking"


def test_without_javascript_a_vote_returns_to_the_first_unranked(
    live_server: LiveServer,
    browser: Browser,
    artifacts: Path,
    vote: tuple[list[Recommendation], Participant],
) -> None:
    recommendations, citizen = vote
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    open_vote(page, live_server, citizen)
    rank_first_two(page)
    assert page.url.endswith(f"/vote/recommendations/#r-{recommendations[2].id}")
    following = page.locator(f"#r-{recommendations[2].id}")
    expect(following).to_be_in_viewport()
    expect(following.get_by_role("status")).to_contain_text("Your vote is recorded.")
    page.screenshot(path=str(artifacts / "rank-phone-no-js-390.png"))
    context.close()
