"""The report editor (a host writes France's report) and the public record of impact, at
phone and desktop widths: they work, pass axe-core and do not scroll sideways."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.dialogues.models import Dialogue
from polyvox.results.models import ImpactEntry, ReportSection, WrittenReport
from polyvox.results.written_reports import (
    report_slots,
    sections_approve,
    sections_save,
    sections_submit,
)
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.results.conftest import Results

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page: Page, artifacts: Path, name: str, width: int) -> None:
    assert serious_accessibility_violations(page) == [], name
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{name} scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_a_host_writes_and_submits_frances_report(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    results: Results,
    width: int,
) -> None:
    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["host"])
    axe_page.goto(f"{live_server.url}/en/results/own/written/")
    check_page(axe_page, artifacts, "written-index", width)
    axe_page.get_by_role("link", name="Write in français").click()

    axe_page.get_by_label("Key messages").fill("Voir [[figure:nope]].")
    axe_page.get_by_role("button", name="Save the drafts").click()
    assert "[[figure:nope]] names no question" in axe_page.content()
    check_page(axe_page, artifacts, "written-editor-error", width)

    axe_page.get_by_label("Key messages").fill("- Un Internet *ouvert*\n\n[[figure:agree]]")
    axe_page.get_by_label("Conclusions and next steps").fill("Nos conclusions.")
    axe_page.get_by_role("button", name="Save the drafts").click()
    assert "2 sections saved as drafts." in axe_page.locator(".messages").inner_text()
    axe_page.get_by_role("button", name="Submit the drafts for approval").click()
    assert "2 sections submitted for approval." in axe_page.locator(".messages").inner_text()
    assert axe_page.get_by_role("button", name="Approve the submitted sections").count() == 0
    check_page(axe_page, artifacts, "written-editor", width)
    statuses = set(ReportSection.objects.values_list("status", flat=True))
    assert statuses == {ReportSection.Status.SUBMITTED}


@pytest.mark.parametrize("width", [390, 1366])
def test_the_public_record_of_impact(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    world: World,
    width: int,
) -> None:
    world.own.status = Dialogue.Status.RESULTS_PUBLISHED
    world.own.save(update_fields=["status"])
    ImpactEntry.objects.create(
        dialogue=world.own,
        institution="Ministry of Digital Affairs with a rather long name for a narrow phone screen",
        event="Hearing on the national digital strategy",
        received_on=datetime.date(2026, 12, 10),
        language="fr",
        status=ImpactEntry.FollowUp.ACTED_ON,
        response_text="The ministry cites the recommendations.\n\nSecond paragraph.",
        evidence_links=[
            "https://example.org/a/very/long/path/that/could/overflow/the/phone/screen"
        ],
    )
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(f"{live_server.url}/en/results/own/impact/")
    assert axe_page.get_by_role("heading", name="What the results led to").is_visible()
    assert "Acted on" in axe_page.content()
    check_page(axe_page, artifacts, "impact", width)
    log_in(axe_page, live_server, world.users["organiser"])
    axe_page.goto(f"{live_server.url}/en/results/own/impact/manage/")
    check_page(axe_page, artifacts, "impact-manage", width)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_public_written_report(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    results: Results,
    width: int,
) -> None:
    organiser = world.users["organiser"]
    texts = {slot.key: f"About {slot.label}, with *emphasis*." for slot in report_slots(world.own)}
    texts["key_messages"] = "- One\n- Two\n\n[[figure:agree]]\n\n[[chart:agree]]"
    sections_save(dialogue=world.own, scope="FR", language="en", texts=texts, actor=organiser)
    report = WrittenReport.objects.get()
    sections_submit(report=report, language="en", actor=organiser)
    sections_approve(report=report, language="en", actor=organiser)
    world.own.status = Dialogue.Status.RESULTS_PUBLISHED
    world.own.save(update_fields=["status"])
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(f"{live_server.url}/en/results/own/")
    axe_page.get_by_role("link", name="English").first.click()
    assert axe_page.get_by_role("heading", name="Country report: France").is_visible()
    assert axe_page.locator("table.written-figure").count() == 1
    check_page(axe_page, artifacts, "written-public", width)
