from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from polyvox.jobs.models import Job
from polyvox.results.job_records import ReportParams
from polyvox.results.models import Report
from polyvox.results.services import report_request
from polyvox.results.tasks import write_report
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
        assert "Country report: France" in page.content.decode()


def ignore_progress(fraction: float, message: str = "") -> None:
    """The progress reporter of a handler run outside a worker."""


@pytest.mark.django_db
class TestReportJobRetries:
    """Issue 12 item 13: a worker that dies after writing the report but before the job is
    marked done has the job queued again; the retry must not write a second report, nor
    leave a half-written file beside the real one."""

    def test_a_retry_after_the_report_was_stored_writes_no_second_one(
        self, world: World, results: Results, settings: Settings
    ) -> None:
        job = report_request(dialogue=results.dialogue, scope="global", language="en")
        first = write_report(job.params, ignore_progress)
        # The worker died here: the job is still running, the sweep queues it again.
        again = write_report(job.params, ignore_progress)
        assert again == first
        assert Report.objects.count() == 1
        stored = list((Path(settings.MEDIA_ROOT) / "reports").rglob("*.pdf"))
        assert len(stored) == 1

    def test_a_retry_after_a_half_written_file_replaces_it(
        self, world: World, results: Results, settings: Settings
    ) -> None:
        job = report_request(dialogue=results.dialogue, scope="global", language="en")
        params = ReportParams.model_validate(job.params)
        folder = Path(settings.MEDIA_ROOT) / "reports" / str(results.dialogue.id)
        folder.mkdir(parents=True)
        # The first attempt died while writing its file, before any row named it.
        half = folder / f"{results.dialogue.slug}-global-en-{params.request_key}.pdf"
        half.write_bytes(b"%PD")
        write_report(job.params, ignore_progress)
        report = Report.objects.get()
        assert list(folder.iterdir()) == [half]
        assert report.file.name == f"reports/{results.dialogue.id}/{half.name}"
        with report.file.open("rb") as pdf:
            content = pdf.read()
        assert content.startswith(b"%PDF")
        assert len(content) > 1000

    def test_two_requests_are_two_reports(self, world: World, results: Results) -> None:
        for _ in range(2):
            job = report_request(dialogue=results.dialogue, scope="global", language="en")
            write_report(job.params, ignore_progress)
        assert Report.objects.count() == 2
