from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from polyvox.jobs.models import Job
from polyvox.results.models import Report
from tests.client import redirect_url
from tests.conftest import World
from tests.results.conftest import Results


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
class TestReportJob:
    def test_an_organiser_gets_a_global_pdf_report(
        self,
        world: World,
        results: Results,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        client = world.client_for("organiser")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("results:report-new", args=["own"]),
                                   {"scope": "global", "language": "fr"})  # fmt: skip
        job = Job.objects.get(kind="results.report")
        assert redirect_url(response) == reverse("jobs:detail", args=[job.id])
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED, job.error
        report = Report.objects.get(dialogue=results.dialogue)
        assert (report.scope, report.language) == ("global", "fr")
        assert report.pages >= 1
        with report.file.open("rb") as pdf:
            assert pdf.read(4) == b"%PDF"
        download = client.get(reverse("results:report", args=["own", report.id]))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"

    def test_a_country_report_is_written_for_a_country_of_the_dialogue(
        self,
        world: World,
        results: Results,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        client = world.client_for("organiser")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("results:report-new", args=["own"]), {"scope": "DE", "language": "en"}
            )
        report = Report.objects.get(dialogue=results.dialogue)
        assert report.scope == "DE"
        assert report.pages >= 1

    def test_a_country_outside_the_dialogue_is_refused(
        self, world: World, results: Results
    ) -> None:
        client = world.client_for("organiser")
        response = client.post(reverse("results:report-new", args=["own"]), {"scope": "JP"})
        assert response.status_code == 404
        assert not Job.objects.filter(kind="results.report").exists()

    def test_the_results_page_lists_reports(self, world: World, results: Results) -> None:
        from django.core.files.base import ContentFile

        report = Report(dialogue=results.dialogue, scope="FR", language="en", pages=3)
        report.file.save("r.pdf", ContentFile(b"%PDF"), save=True)
        page = world.client_for("organiser").get(reverse("results:results", args=["own"]))
        assert reverse("results:report", args=["own", report.id]) in page.content.decode()
        assert "Report for France" in page.content.decode()
