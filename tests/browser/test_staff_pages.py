"""The staff pages as a host, an organiser and a facilitator see them, at phone and desktop
widths: each axe-clean, none wider than the window, each saved as a screenshot
(test-artifacts/staff-<page>-<width>.png). Closing registration asks first and is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.windows import window_close
from polyvox.recruitment import selectors
from polyvox.recruitment.pool_imports import pool_import_queue
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import make_sessions, open_all
from tests.people.helpers import drawn_panel
from tests.recruitment.helpers import make_pool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)
# The elements that reach past the window's right edge, to say what to fix.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def check_page(page: Page, artifacts: Path, name: str, width: int) -> None:
    assert serious_accessibility_violations(page) == [], name
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{name} scrolls sideways at {width} px: {page.evaluate(WIDEST)}"
    page.screenshot(path=str(artifacts / f"staff-{name}-{width}.png"), full_page=True)


def staff_pages(world: World, role: str, run_id: int, import_id: int) -> dict[str, str]:
    """Page name → address, for the pages restyled in this pass that `role` opens."""
    site = world.own_site.id
    day = f"/en/day/{site}"
    common = {f"my-work-{role}": "/en/me/"}
    if role == "organiser":
        return common
    if role == "facilitator":
        return {
            **common,
            "run-sheet-facilitator": f"{day}/run-sheet/",
            "group-answers": f"{day}/table-answers/",
            "notes": f"{day}/notes/",
            "recommendations-facilitator": f"{day}/recommendations/",
        }
    return {
        **common,
        "recruitment": f"/en/recruitment/sites/{site}/",
        "quotas": f"/en/recruitment/sites/{site}/quotas/",
        "selection-run": f"/en/recruitment/selections/{run_id}/",
        "import-refused": f"/en/recruitment/imports/{import_id}/",
        "schedule": f"/en/sites/{site}/schedule/",
        "run-sheet": f"{day}/run-sheet/",
        "counts": f"{day}/counts/",
        "recommendations": f"{day}/recommendations/",
        "breakouts": f"{day}/breakouts/",
        "cards": f"{day}/cards/",
        "rooms": f"{day}/rooms/",
        "local-topic": f"{day}/local-topic/",
    }


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["host", "organiser", "facilitator"])
def test_each_staff_page_fits_and_is_accessible(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    role: str,
    width: int,
) -> None:
    panel = drawn_panel(world.own_site)
    make_sessions(world.own, "conclusions")
    open_all(world.own_site, panel.agenda)
    window_close(site=world.own_site, question=panel.agenda.open)
    # A pool file without the category columns: the import refuses it, row by row.
    refused = pool_import_queue(
        site=world.own_site,
        file_name="pool.csv",
        content=b"name,email\nAda,ada@example.org\n",
        language="en",
        created_by=world.users["host"],
    )
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users[role])
    for name, address in staff_pages(world, role, panel.run.id, refused.id).items():
        response = axe_page.goto(f"{live_server.url}{address}")
        assert response is not None, address
        assert response.status == 200, address
        check_page(axe_page, artifacts, name, width)
    if role in ("host", "organiser"):
        # My work names the site's stage and the step after it.
        axe_page.goto(f"{live_server.url}/en/me/")
        own = axe_page.get_by_role("link", name=str(world.own_site), exact=True)
        card = axe_page.locator(".card").filter(has=own)
        expect(card.locator(".stage-next-step")).to_contain_text("Next step: run the day")


@pytest.mark.parametrize("width", WIDTHS)
def test_closing_registration_asks_first_and_is_audited(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    make_pool(world.own_site, size=16, close_registration=False)
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/me/")
    own = axe_page.get_by_role("link", name=str(world.own_site), exact=True)
    expect(axe_page.locator(".card").filter(has=own).locator(".stage-next-step")).to_contain_text(
        "Next step: close registration when the pool is large enough"
    )
    axe_page.get_by_role("link", name="close registration when the pool is large enough").click()
    check_page(axe_page, artifacts, "recruitment-open", width)
    axe_page.get_by_role("button", name="Close registration").first.click()

    # The question, with what it changes; nothing has changed yet.
    expect(axe_page.get_by_role("heading", level=1)).to_contain_text("Close registration in")
    expect(axe_page.get_by_text("The lottery draws from the 16 volunteers")).to_be_visible()
    check_page(axe_page, artifacts, "close-registration-question", width)
    assert selectors.registration_is_open(site=world.own_site)
    assert not AuditEvent.objects.filter(action="registration.close").exists()

    axe_page.get_by_role("button", name="Close registration").click()
    expect(
        axe_page.get_by_text("The registration page is closed. The pool keeps its 16")
    ).to_be_visible()
    expect(axe_page.locator(".stage-next-step")).to_contain_text("Next step: prepare the lottery")
    check_page(axe_page, artifacts, "recruitment-closed", width)
    assert not selectors.registration_is_open(site=world.own_site)
    [event] = AuditEvent.objects.filter(action="registration.close")
    assert event.actor == world.users["host"]
