"""Check-in at the door and the live dashboard in the browser, on a phone (390 px) and a
laptop (1366 px): a hundred and twenty citizens, found by name as the host types, checked in
where they stand; the page never scrolls sideways and axe-core finds nothing serious."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Participant
from polyvox.people.digests import participant_digest_for
from polyvox.people.models import Person
from polyvox.recruitment.models import Volunteer
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1366]


def fits_the_width(page: Page) -> bool:
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return fits


def name_in_vault(world: World, citizen: Participant, name: str) -> None:
    person = Person.objects.create(full_name=name, preferred_language="fr")
    Volunteer.objects.create(
        site=world.own_site,
        person=person,
        status=Volunteer.Status.SELECTED,
        email_digest=f"digest-{citizen.id}",
        participant_digest=participant_digest_for(citizen.pseudonym),
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_a_host_finds_a_citizen_by_name_and_checks_them_in_where_they_stand(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    citizens = make_participants(world.own_site, 120, status=Participant.Status.SELECTED)
    make_participants(world.own_site, 4)  # already checked in
    helene = citizens[57]
    name_in_vault(world, helene, "Hélène Dupré")
    name_in_vault(world, citizens[3], "Jean Martin")
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/")

    expect(axe_page.locator(".checkin-row")).to_have_count(124)
    assert fits_the_width(axe_page), f"the check-in page scrolls sideways at {width} px"
    assert serious_accessibility_violations(axe_page) == []
    axe_page.screenshot(path=str(artifacts / f"checkin-{width}.png"))

    # Typed without accents or capitals: the list narrows as the host types.
    axe_page.get_by_label("Find a citizen by name or check-in number").fill("helene")
    row = axe_page.locator(f"#p-{helene.id}")
    expect(axe_page.locator(".checkin-row")).to_have_count(1)
    expect(row).to_contain_text("Hélène Dupré")
    button = row.get_by_role("button", name="Check in")
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width, "the action is off-screen"
    assert "q=helene" in axe_page.url

    button.click()
    expect(axe_page.locator("#checkin-status")).to_have_text("Hélène Dupré checked in.")
    expect(row.get_by_role("button", name="Undo check-in")).to_be_visible()
    expect(axe_page.locator("#checkin-counts")).to_contain_text("5 present")
    helene.refresh_from_db()
    assert helene.status == Participant.Status.PRESENT
    assert fits_the_width(axe_page)
    assert serious_accessibility_violations(axe_page) == []
    axe_page.screenshot(path=str(artifacts / f"checkin-found-{width}.png"))


def test_without_javascript_the_search_and_the_mark_come_back_to_the_row(
    live_server: LiveServer,
    axe_page: Page,
    audit_trail_emptied_afterwards: None,
    world: World,
) -> None:
    citizens = make_participants(world.own_site, 30, status=Participant.Status.SELECTED)
    wanted = citizens[12]
    log_in(axe_page, live_server, world.users["facilitator"])
    # A plain form post, as a browser without JavaScript sends it.
    axe_page.route("**/vendor/htmx-*.js", lambda route: route.abort())
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/?q={wanted.id}")
    row = axe_page.locator(f"#p-{wanted.id}")
    row.get_by_role("button", name="Check in").click()
    assert axe_page.url.endswith(f"?q={wanted.id}#p-{wanted.id}")
    expect(axe_page.locator(".messages")).to_have_text(f"Check-in number {wanted.id} checked in.")
    expect(row.get_by_role("button", name="Undo check-in")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboard_names_its_questions_and_says_when_it_was_updated(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    make_participants(world.own_site, 12)
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/dashboard/")

    table = axe_page.get_by_role("table", name="Votes cast per table and question")
    expect(table.get_by_role("columnheader", name="Is access a right?")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Rank the priorities")).to_be_attached()
    expect(axe_page.get_by_text("Updated at")).to_be_visible()
    expect(axe_page.get_by_role("link", name="Refresh now")).to_be_visible()
    assert fits_the_width(axe_page), f"the dashboard scrolls sideways at {width} px"
    assert serious_accessibility_violations(axe_page) == []
    axe_page.screenshot(path=str(artifacts / f"dashboard-{width}.png"), full_page=True)
