"""Uploaded files reach only those who may see them, through a view, in production too."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from polyvox.dialogues.models import Dialogue, Organisation, Session
from polyvox.results.models import Report
from tests.client import streamed_body
from tests.conftest import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 booklet"


def add_booklet(dialogue: Dialogue) -> Session:
    session = Session.objects.create(dialogue=dialogue, key="s", title={"en": "S"})
    session.booklet.save("booklet.pdf", ContentFile(PDF), save=True)
    return session


def media(name: str) -> str:
    return reverse("uploaded-file", args=[name])


class TestBooklets:
    def test_a_draft_dialogues_booklet_is_for_its_team_only(self, world: World) -> None:
        session = add_booklet(world.own)
        url = media(session.booklet.name)
        for role in ("anonymous", "citizen", "outsider"):
            assert world.client_for(role).get(url).status_code == 404, role
        response = world.client_for("facilitator").get(url)
        assert response.status_code == 200
        assert streamed_body(response) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Cache-Control"].startswith("private")

    def test_a_published_dialogues_booklet_is_public(self, world: World, client: Client) -> None:
        session = add_booklet(world.published)
        assert client.get(media(session.booklet.name)).status_code == 200

    def test_the_dialogue_page_links_the_booklet_that_downloads(self, world: World) -> None:
        session = add_booklet(world.published)
        page = world.client_for("anonymous").get(
            reverse("dialogues:dialogue", args=[world.published.slug])
        )
        assert f'href="{session.booklet.url}"' in page.content.decode()
        assert world.client_for("anonymous").get(session.booklet.url).status_code == 200


class TestLogos:
    def test_a_partners_logo_is_public(self, client: Client) -> None:
        organisation = Organisation.objects.create(name="Partner")
        organisation.logo.save("partner.png", ContentFile(b"\x89PNG"), save=True)
        response = client.get(organisation.logo.url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("inline;")


class TestGuessedPaths:
    @pytest.fixture(autouse=True)
    def _production(self, settings: Settings) -> None:
        settings.DEBUG = False

    def test_a_report_is_not_served_from_its_storage_path(self, world: World) -> None:
        report = Report.objects.create(dialogue=world.own, language="en")
        report.file.save("own-global-en.pdf", ContentFile(PDF), save=True)
        assert report.file.name.startswith("reports/")
        for role in ("anonymous", "organiser"):
            assert world.client_for(role).get(media(report.file.name)).status_code == 404
        # The organiser gets it through the report's own, checked address.
        download = reverse("results:report", args=[world.own.slug, report.id])
        assert world.client_for("organiser").get(download).status_code == 200
        assert world.client_for("anonymous").get(download).status_code == 404

    @pytest.mark.parametrize(
        "name", ["logos/stray.png", "booklets/../logos/stray.png", "../../polyvox/settings.py"]
    )
    def test_a_file_no_record_names_is_not_served(self, client: Client, name: str) -> None:
        default_storage.save("logos/stray.png", ContentFile(b"\x89PNG"))
        assert client.get(f"/media/{name}").status_code == 404
