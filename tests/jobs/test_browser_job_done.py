"""A finished report job, in the browser: the page ends with what came of it and the
download of the PDF, on a phone and a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from polyvox.jobs.models import Job
from polyvox.results.models import Report
from polyvox.results.services import REPORT
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_finished_report_job_ends_with_its_download(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    settings: Settings,
    tmp_path: Path,
    world: World,
    width: int,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    report = Report(dialogue=world.own, scope="global", language="en", pages=4)
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    job = Job.objects.create(
        kind=REPORT,
        status=Job.Status.SUCCEEDED,
        progress=1.0,
        result={
            "report_id": report.id,
            "scope": "global",
            "language": "en",
            "pages": 4,
            "slug": "own",
        },
        dialogue=world.own,
        created_by=world.users["organiser"],
    )
    page = axe_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, world.users["organiser"])
    page.goto(f"{live_server.url}/en/jobs/{job.id}/")

    assert page.get_by_role("heading", level=1).inner_text() == "Write a PDF report"
    outcome = page.locator(".job-outcome")
    assert "The PDF report on all countries, in English, is ready." in outcome.inner_text()
    # The raw result is one click away, not on show.
    assert not page.locator(".job-technical pre").is_visible()
    assert serious_accessibility_violations(page) == []
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / f"job-done-{width}.png"), full_page=True)

    with page.expect_download() as download:
        outcome.get_by_role("link", name="Download the PDF report").click()
    assert download.value.suggested_filename == "polyvox-own-global-en.pdf"
