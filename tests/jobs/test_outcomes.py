"""A finished job's page ends with what came of it and a link to the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pytest_django import Settings

from polyvox.jobs.models import Job
from polyvox.jobs.registry import HANDLERS, KINDS
from polyvox.results.models import Report
from polyvox.results.services import RECOMPUTE, REPORT
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_every_job_kind_says_what_it_is_and_how_its_outcome_reads() -> None:
    # Kinds named "tests.*" are registered by tests themselves and never reach a user.
    shipped = {kind for kind in HANDLERS if not kind.startswith("tests.")}
    assert sorted(shipped - set(KINDS)) == []


def finished(world: World, kind: str, result: dict[str, object]) -> Job:
    return Job.objects.create(
        kind=kind,
        status=Job.Status.SUCCEEDED,
        progress=1.0,
        result=result,
        dialogue=world.own,
        created_by=world.users["organiser"],
    )


@pytest.fixture
def report(world: World, settings: Settings, tmp_path: Path) -> Report:
    settings.MEDIA_ROOT = tmp_path
    report = Report(dialogue=world.own, scope="FR", language="fr", pages=3)
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return report


def test_a_report_job_ends_with_the_download_of_its_pdf(world: World, report: Report) -> None:
    result = {"report_id": report.id, "scope": "FR", "language": "fr", "pages": 3, "slug": "own"}
    job = finished(world, REPORT, result)
    page = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id]))
    html = page.content.decode()
    assert page.context["title"] == "Write a PDF report"
    assert "The PDF report on France, in French, is ready." in html
    download = reverse("results:report", args=["own", report.id])
    outcome = html.index('id="job-outcome-heading"')
    assert html.index(f'<a class="button" href="{download}">Download the PDF report</a>') > outcome
    # The raw result is kept for whoever needs it, inside a closed <details> before it.
    assert html.index("<details") < outcome
    assert world.client_for("organiser").get(download).status_code == 200


def test_a_recompute_job_links_to_the_results(world: World) -> None:
    result = {"computed_at": "2026-12-07T08:00:00+00:00", "ballots": 3, "paper": 2}
    job = finished(world, RECOMPUTE, {**result, "participants": 5, "unchecked_counts": 0})
    html = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id])).content
    assert b"The results are recomputed: 5 citizens counted." in html
    assert reverse("results:results", args=["own"]).encode() in html


def test_a_result_from_an_older_version_still_ends_the_page_plainly(world: World) -> None:
    job = finished(world, REPORT, {"report": 7})  # no report_id, slug…
    page = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id]))
    assert page.status_code == 200
    assert "The job is done." in page.content.decode()


def test_a_running_job_has_no_outcome_yet(world: World) -> None:
    job = finished(world, REPORT, {})
    Job.objects.filter(id=job.id).update(status=Job.Status.RUNNING)
    page = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id]))
    assert page.context["outcome"] is None
    assert "job-outcome-heading" not in page.content.decode()


def test_a_failed_job_still_offers_a_way_on(world: World) -> None:
    job = finished(world, REPORT, {})
    Job.objects.filter(id=job.id).update(status=Job.Status.FAILED)
    html = world.client_for("organiser").get(reverse("jobs:detail", args=[job.id])).content
    assert f'href="{reverse("accounts:dashboard")}">Back to my work'.encode() in html
