"""The evaluation page in the browser, at phone and desktop widths, as the observer reads
it: the change of mind with its paired interval and method, the process judged by the
participants; no sideways scroll, no serious axe-core finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.audit.models import AuditEvent
from polyvox.audit.selectors import PAGE_VIEW
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.results.conftest import Results
from tests.results.test_evaluation import (
    before_and_after,
    evaluation_answers,
    ten_citizens_change_their_minds,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_an_observer_reads_the_evaluation_at_every_level(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    results: Results,
    width: int,
) -> None:
    before, after = before_and_after(results.dialogue)
    ten_citizens_change_their_minds(world.own_site, before, after)
    evaluation_answers(world, results)
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["observer"])
    axe_page.goto(f"{live_server.url}/en/results/own/evaluation/")

    assert axe_page.get_by_role("heading", level=1).inner_text() == "Evaluation"
    assert "−20 pts" in axe_page.content()
    assert "method 10" in axe_page.locator("#method-heading + p").inner_text()
    assert not axe_page.get_by_role("button", name="Add the evaluation questionnaire").count()
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"evaluation-{width}.png"), full_page=True)

    axe_page.get_by_label("Show").select_option(label="Paris, France")
    axe_page.get_by_role("button", name="Show").click()
    assert "Showing: Paris, France" in axe_page.content()
    views = AuditEvent.objects.filter(action=PAGE_VIEW, actor=world.users["observer"])
    assert list(views.values_list("target", flat=True)) == ["results:evaluation"] * 2
