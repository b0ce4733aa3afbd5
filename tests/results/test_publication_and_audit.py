"""Publication, reports and organisers' exports each leave one event on the audit trail
that organisers read; the public's downloads leave none."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from polyvox.audit.models import AuditEvent
from polyvox.dialogues.models import Dialogue
from polyvox.results.models import Report
from tests.conftest import World
from tests.results.conftest import Results


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def set_status(dialogue: Dialogue, status: str) -> None:
    dialogue.status = status
    dialogue.save(update_fields=["status"])


def trail(world: World) -> list[str]:
    """The actions on the organisers' audit page, newest first."""
    response = world.client_for("organiser").get(reverse("audit:dialogue", args=[world.own.id]))
    return [line.event.action for line in response.context["lines"]]


@pytest.mark.django_db
class TestPublication:
    def test_publishing_makes_the_results_final_and_is_recorded_once(
        self, world: World, results: Results
    ) -> None:
        set_status(results.dialogue, Dialogue.Status.DELIBERATING)
        client = world.client_for("organiser")
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "Provisional results" in page
        client.post(
            reverse("results:publication", args=["own"]), {"action": "publish", "confirm": "yes"}
        )
        results.dialogue.refresh_from_db()
        assert results.dialogue.status == Dialogue.Status.RESULTS_PUBLISHED
        assert trail(world) == ["results.publish"]
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "Final results, published by the organisers." in page
        event = AuditEvent.objects.get(action="results.publish")
        assert event.actor == world.users["organiser"]
        assert event.details == {
            "from": "deliberating",
            "to": "results_published",
            # The reference table frozen with the results (see test_reference_data.py).
            "reference_sha256": "8953d78049a7a40a7b686fbd427436d27ac48eee895ba241c3c1701953bc6160",
        }

    def test_taking_them_back_to_provisional_is_recorded_once(
        self, world: World, results: Results
    ) -> None:
        set_status(results.dialogue, Dialogue.Status.RESULTS_PUBLISHED)
        world.client_for("organiser").post(
            reverse("results:publication", args=["own"]), {"action": "unpublish", "confirm": "yes"}
        )
        results.dialogue.refresh_from_db()
        assert results.dialogue.status == Dialogue.Status.DELIBERATING
        assert trail(world) == ["results.unpublish"]

    def test_a_draft_cannot_be_published_from_the_results_page(
        self, world: World, results: Results
    ) -> None:
        response = world.client_for("organiser").post(
            reverse("results:publication", args=["own"]),
            {"action": "publish", "confirm": "yes"},
            follow=True,
        )
        assert "Only the results of a dialogue under way can be published." in (
            response.content.decode()
        )
        results.dialogue.refresh_from_db()
        assert results.dialogue.status == Dialogue.Status.DRAFT
        assert trail(world) == []

    def test_hosts_cannot_publish(self, world: World, results: Results) -> None:
        set_status(results.dialogue, Dialogue.Status.DELIBERATING)
        response = world.client_for("host").post(
            reverse("results:publication", args=["own"]), {"action": "publish", "confirm": "yes"}
        )
        assert response.status_code == 404
        assert not AuditEvent.objects.exists()


@pytest.mark.django_db
class TestAuditOfReportsAndExports:
    def test_requesting_a_report_is_recorded_once(self, world: World, results: Results) -> None:
        world.client_for("organiser").post(
            reverse("results:report-new", args=["own"]), {"scope": "FR", "language": "fr"}
        )
        assert trail(world) == ["results.report"]
        event = AuditEvent.objects.get()
        assert (event.target, event.details["language"]) == ("FR", "fr")

    def test_the_open_answers_export_is_recorded_once(self, world: World, results: Results) -> None:
        world.client_for("organiser").get(reverse("results:themes-export", args=["own"]))
        assert trail(world) == ["results.export"]
        assert AuditEvent.objects.get().target == "open-answers"

    def test_a_hosts_export_of_their_site_is_recorded_with_the_site(
        self, world: World, results: Results
    ) -> None:
        world.client_for("host").get(reverse("results:site-themes-export", args=["own", "paris"]))
        assert trail(world) == ["results.export"]
        assert AuditEvent.objects.get().site == world.own_site

    def test_an_organisers_download_before_publication_is_recorded(
        self, world: World, results: Results
    ) -> None:
        client = world.client_for("organiser")
        client.get(reverse("results:download", args=["own", "answers", "csv"]))
        report = Report(dialogue=results.dialogue, scope="global", language="en", pages=1)
        report.file.save("r.pdf", ContentFile(b"%PDF"), save=True)
        client.get(reverse("results:report", args=["own", report.id]))
        assert trail(world) == ["results.export", "results.export"]
        assert sorted(AuditEvent.objects.values_list("target", flat=True)) == [
            "answers",
            "report:global",
        ]

    def test_public_open_data_downloads_are_not_recorded(
        self, client: Client, world: World, results: Results
    ) -> None:
        set_status(results.dialogue, Dialogue.Status.RESULTS_PUBLISHED)
        assert (
            client.get(reverse("results:download", args=["own", "shares", "csv"])).status_code
            == 200
        )
        world.client_for("organiser").get(
            reverse("results:download", args=["own", "shares", "json"])
        )
        assert not AuditEvent.objects.exists()

    def test_theme_edits_are_recorded_and_outsiders_see_none(
        self,
        world: World,
        results: Results,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            world.client_for("organiser").post(
                reverse("results:themes-compute", args=["own"]), {"source": "recommendations"}
            )
        assert trail(world) == ["results.themes_compute"]
        outsider = world.client_for("outsider").get(reverse("audit:dialogue", args=[world.own.id]))
        assert outsider.status_code == 404


class TestMalformedButtons:
    """Every POST of the results pages goes through a form: tampered values are refused."""

    def test_an_unknown_publication_action_is_refused(self, world: World) -> None:
        client = world.client_for("organiser")
        response = client.post(reverse("results:publication", args=["own"]), {"action": "x"})
        assert response.status_code == 400

    def test_a_theme_id_that_is_not_a_number_is_refused(self, world: World) -> None:
        client = world.client_for("organiser")
        response = client.post(reverse("results:themes-merge", args=["own"]), {"theme": ["1", "x"]})
        assert response.status_code == 400
