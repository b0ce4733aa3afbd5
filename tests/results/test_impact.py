"""The record of impact: organisers write it (audited), everyone reads it once the results
are visible, the JSON says what the page says, links are https only, documents are PDFs
served through an access check."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from polyvox.audit.models import AuditEvent
from polyvox.dialogues.models import Dialogue
from polyvox.results.models import ImpactEntry
from polyvox.results.written_forms import ImpactEntryForm
from tests.conftest import World
from tests.hostile import HOSTILE, NASTY_WORDS

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def entry_data(**changes: Any) -> dict[str, Any]:
    data = {
        "institution": "UN Office of the Secretary-General's Envoy on Technology",
        "event": "Roadmap for Digital Cooperation",
        "received_on": "2026-12-06",
        "language": "en",
        "status": "acted_on",
        "response_text": "The results informed the Roadmap.",
        "evidence_links": "https://www.un.org/en/content/digital-cooperation-roadmap/\n",
    }
    return data | changes


def manage_url() -> str:
    return reverse("results:impact-manage", args=["own"])


def make_visible(world: World) -> None:
    world.own.status = Dialogue.Status.RESULTS_PUBLISHED
    world.own.save(update_fields=["status"])


@pytest.mark.django_db
class TestOrganisersWriteTheRecord:
    def test_an_entry_with_a_document_is_added_audited_and_served_with_an_access_check(
        self, world: World
    ) -> None:
        organiser = world.client_for("organiser")
        document = SimpleUploadedFile("../../etc/answer.pdf", PDF, "application/pdf")
        response = organiser.post(manage_url(), entry_data(response_document=document))
        assert response.status_code == 302
        entry = ImpactEntry.objects.get()
        assert entry.evidence_links == [
            "https://www.un.org/en/content/digital-cooperation-roadmap/"
        ]
        assert entry.response_document.name.startswith(f"impact/{world.own.id}/")
        assert "etc" not in entry.response_document.name
        event = AuditEvent.objects.get(action="results.impact.create")
        assert event.details == {"status": "acted_on", "links": 1, "document": True}
        url = reverse("results:impact-document", args=["own", entry.id])
        assert Client().get(url).status_code == 404  # the dialogue's results are not visible
        make_visible(world)
        download = Client().get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]

    def test_edit_and_delete_are_audited(self, world: World) -> None:
        organiser = world.client_for("organiser")
        organiser.post(manage_url(), entry_data())
        entry = ImpactEntry.objects.get()
        edit = reverse("results:impact-edit", args=["own", entry.id])
        assert organiser.post(edit, entry_data(status="responded")).status_code == 302
        entry.refresh_from_db()
        assert entry.status == "responded"
        organiser.post(reverse("results:impact-delete", args=["own", entry.id]))
        assert not ImpactEntry.objects.exists()
        actions = list(
            AuditEvent.objects.filter(action__startswith="results.impact.")
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == [
            "results.impact.create",
            "results.impact.update",
            "results.impact.delete",
        ]

    @pytest.mark.parametrize(
        "links",
        [
            "javascript:alert(1)",
            "http://example.org/evidence",
            "https://",
            "data:text/html,<script>alert(1)</script>",
            "https://example.org/a b",
            "\n".join(f"https://example.org/{n}" for n in range(11)),
        ],
    )
    def test_evidence_links_are_https_addresses_only(self, world: World, links: str) -> None:
        response = world.client_for("organiser").post(
            manage_url(), entry_data(evidence_links=links)
        )
        assert response.status_code == 200
        assert not ImpactEntry.objects.exists()

    def test_a_document_must_be_a_pdf(self, world: World) -> None:
        fake = SimpleUploadedFile("answer.pdf", b"<html><script>x</script>", "application/pdf")
        response = world.client_for("organiser").post(
            manage_url(), entry_data(response_document=fake)
        )
        assert "The document is not a PDF file." in response.content.decode()
        assert not ImpactEntry.objects.exists()

    def test_a_host_cannot_write_the_record(self, world: World) -> None:
        host = world.client_for("host")
        assert host.get(manage_url()).status_code == 404
        assert host.post(manage_url(), entry_data()).status_code == 404
        assert not ImpactEntry.objects.exists()


@pytest.mark.django_db
class TestThePublicRecord:
    def test_the_json_says_what_the_page_says(self, world: World) -> None:
        organiser = world.client_for("organiser")
        organiser.post(manage_url(), entry_data())
        organiser.post(
            manage_url(),
            entry_data(
                institution="Ministère du numérique",
                received_on="2026-12-20",
                language="fr",
                status="received",
                response_text="",
                evidence_links="",
                response_document=SimpleUploadedFile("a.pdf", PDF),
            ),
        )
        make_visible(world)
        page = Client().get(reverse("results:impact", args=["own"])).content.decode()
        data = Client().get(reverse("api-1:results_impact", args=["own"])).json()
        assert data["page"] == reverse("results:impact", args=["own"])
        entries = data["entries"]
        # Newest first, on the page as in the JSON.
        assert [e["institution"] for e in entries] == [
            "Ministère du numérique",
            "UN Office of the Secretary-General's Envoy on Technology",
        ]
        headings = re.findall(r'<h2 id="impact-(\d+)">', page)
        assert [int(h) for h in headings] == [e["id"] for e in entries]
        for entry in entries:
            assert entry["institution"].replace("'", "&#x27;") in page
            assert str(ImpactEntry.FollowUp(entry["status"]).label) in page
            for link in entry["evidence_links"]:
                assert f'href="{link}"' in page
            if entry["document"]:
                assert f'href="{entry["document"]}"' in page
        assert entries[0]["document"] == reverse(
            "results:impact-document", args=["own", entries[0]["id"]]
        )
        assert entries[1]["response_text"] in page

    def test_the_results_page_links_to_the_record(self, world: World) -> None:
        make_visible(world)
        page = Client().get(reverse("results:results", args=["own"])).content.decode()
        assert reverse("results:impact", args=["own"]) in page

    def test_hostile_text_is_escaped(self, world: World) -> None:
        attack = '<script>window.__xss=1</script>"><img src=x onerror=alert(1)>'
        world.client_for("organiser").post(
            manage_url(), entry_data(institution=attack[:200], event=attack, response_text=attack)
        )
        make_visible(world)
        page = Client().get(reverse("results:impact", args=["own"])).content.decode()
        assert "<script>window.__xss" not in page
        assert "<img src=x" not in page


class TestTheFormOnHostileInput:
    @HOSTILE
    @given(
        text=st.one_of(st.sampled_from(NASTY_WORDS), st.text(max_size=300)),
        content=st.binary(max_size=64),
        name=st.one_of(
            st.sampled_from(["../x.pdf", "a\x00.pdf", "", "é.PDF", "x" * 300]), st.text(max_size=30)
        ),
    )
    def test_it_accepts_only_what_it_can_store_and_never_raises(
        self, text: str, content: bytes, name: str
    ) -> None:
        upload = SimpleUploadedFile(name or "x.pdf", content) if name.strip() else None
        files = {"response_document": upload} if upload is not None else {}
        form = ImpactEntryForm(
            entry_data(institution=text, evidence_links=text, response_text=text),
            files,
            languages=["en", "fr"],
        )
        if form.is_valid():
            assert all(link.startswith("https://") for link in form.cleaned_data["evidence_links"])
            document = form.cleaned_data["response_document"]
            assert document is None or content.startswith(b"%PDF-")
            assert "\x00" not in form.cleaned_data["institution"]
