"""Results of a dialogue with many sites on a phone and projected (issue 18 item 4): the
page never scrolls sideways, every chart fits the screen with labels of at least 12 px,
n and the captions stay in view, the summary of what stands out comes first; axe clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Option
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import World, make_site
from tests.results.conftest import Results, add_ballot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Long answers, as real dialogues have them: five panels side by side made the old chart
# 964 px wide.
PRIORITIES = [
    ("energy", "Invest first in clean and affordable energy for every household"),
    ("schools", "Schools"),
    ("health", "Health care close to home"),
    ("transport", "Public transport between towns and villages"),
    ("internet", "An open Internet"),
]
# City, country, and how many citizens put each priority first.
SITES = [
    ("nairobi", "Nairobi", "KE", [14, 2, 2, 1, 1]),
    ("sao-paulo", "São Paulo", "BR", [2, 3, 10, 3, 2]),
    ("rio", "Rio de Janeiro", "BR", [3, 2, 9, 4, 2]),
    ("delhi", "New Delhi", "IN", [4, 4, 4, 4, 4]),
    ("mexico", "Ciudad de México", "MX", [2, 2, 3, 11, 2]),
]


def many_sites(world: World, results: Results) -> None:
    dialogue = results.dialogue
    session = services.session_upsert(
        dialogue=dialogue,
        key="s2",
        title={"en": "Session two"},
        questions=[
            {
                "key": "priority",
                "kind": "single",
                "text": {"en": "What should come first?"},
                "options": [{"key": k, "text": {"en": t}} for k, t in PRIORITIES],
            }
        ],
    )
    question = session.questions.get()
    options = {o.key: o for o in Option.objects.filter(question=question)}
    for slug, city, country, counts in SITES:
        site = make_site(dialogue, slug, country=country, city=city)
        for (key, _text), count in zip(PRIORITIES, counts, strict=True):
            for _ in range(count):
                add_ballot(site, question, options[key])
        for _ in range(6):
            add_ballot(site, results.agree, results.option["no"])
    dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    dialogue.save(update_fields=["status"])


def smallest_chart_label_px(page: Page) -> float:
    """The smallest label of any chart as drawn on screen: its font size times the
    scale at which the SVG is shown."""
    smallest: float = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.chart svg')].flatMap(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(
                text => parseFloat(getComputedStyle(text).fontSize) * scale);
        }))"""
    )
    return smallest


def assert_fits(page: Page, width: int) -> None:
    fits: bool = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert fits, f"the page scrolls sideways at {width} px"
    widths: list[float] = page.evaluate(
        "[...document.querySelectorAll('.chart svg')].map(svg => svg.getBoundingClientRect().right)"
    )
    assert widths
    assert max(widths) <= width, f"a chart runs past the screen at {width} px"
    assert smallest_chart_label_px(page) >= 12


@pytest.mark.parametrize("width", [360, 390, 1366])
def test_results_of_many_sites_fit_the_screen(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    world: World,
    results: Results,
    width: int,
) -> None:
    many_sites(world, results)
    axe_page.set_viewport_size({"width": width, "height": 900})

    axe_page.goto(f"{live_server.url}/en/results/own/")

    summary = axe_page.locator(".results-summary")
    assert summary.get_by_role("heading", name="What stands out").is_visible()
    # Nairobi put energy first far more often than the rest: a finding in words.
    assert "likely a real difference" in summary.inner_text()
    priority = axe_page.locator("section.question-result", has_text="What should come first?")
    assert priority.locator(".chart svg").count() == len(PRIORITIES)  # one panel per answer
    assert_fits(axe_page, width)
    # n and the caption of the answers' table are on screen, not scrolled out of view.
    table = priority.locator("table.data").first
    caption = table.locator("caption")
    assert caption.is_visible()
    assert caption.bounding_box()["x"] + caption.bounding_box()["width"] <= width  # type: ignore[index]
    n_cell = table.locator('td[data-label="Citizens who answered (n)"]').first
    assert n_cell.is_visible()
    box = n_cell.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    assert serious_accessibility_violations(axe_page) == []
    name = {360: "results-phone-360", 390: "results-phone-390", 1366: "results-1366"}[width]
    axe_page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)

    # Every site side by side: the longest list of groups still fits.
    axe_page.goto(f"{live_server.url}/en/results/own/?level=site")
    assert_fits(axe_page, width)
    assert serious_accessibility_violations(axe_page) == []
