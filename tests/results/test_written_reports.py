"""Reports people write: the Paris host's French conclusion reaches the France PDF only
once an organiser approves it; hosts write only their country's report; figure references
follow the results; every text is escaped."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from polyvox.audit.models import AuditEvent
from polyvox.results.models import ReportSection, WrittenReport
from polyvox.results.reports import report_render
from polyvox.results.selectors import results_snapshot
from polyvox.results.services import results_snapshot_refresh
from polyvox.results.written_reports import render_markup, report_slots, unknown_references
from tests.conftest import World
from tests.hostile import HOSTILE, NASTY_WORDS
from tests.results.conftest import Results, add_ballot
from tests.results.test_pages import publish

CONCLUSION = "Nous recommandons un Internet ouvert pour toutes et tous."


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def france_pdf(results: Results, tmp_path: Path) -> str:
    snapshot = results_snapshot(dialogue=results.dialogue) or results_snapshot_refresh(
        dialogue=results.dialogue
    )
    pdf, _pages = report_render(
        dialogue=results.dialogue, snapshot=snapshot, scope="FR", language="fr"
    )
    return pdf_text(pdf, tmp_path)


def edit_url(scope: str, language: str) -> str:
    return reverse("results:written-edit", args=["own", scope, language])


def workflow(client: Client, scope: str, language: str, action: str) -> int:
    url = reverse("results:written-workflow", args=["own", scope, language])
    return client.post(url, {"action": action}).status_code


def write_all(client: Client, results: Results, scope: str, language: str, **texts: str) -> None:
    """Every section of the report, with `texts` by slot key over a default text."""
    data = {slot.key: f"Texte de {slot.label}." for slot in report_slots(results.dialogue)}
    data.update(texts)
    response = client.post(edit_url(scope, language), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.django_db
class TestApprovalReachesThePdf:
    def test_the_paris_hosts_conclusion_appears_in_the_france_pdf_only_once_approved(
        self, world: World, results: Results, tmp_path: Path
    ) -> None:
        host, organiser = world.client_for("host"), world.client_for("organiser")
        write_all(host, results, "FR", "fr", conclusions=CONCLUSION)
        assert CONCLUSION not in france_pdf(results, tmp_path)
        assert workflow(host, "FR", "fr", "submit") == 302
        assert CONCLUSION not in france_pdf(results, tmp_path)
        assert workflow(host, "FR", "fr", "approve") == 404  # hosts never approve
        assert CONCLUSION not in france_pdf(results, tmp_path)

        assert workflow(organiser, "FR", "fr", "approve") == 302
        text = france_pdf(results, tmp_path)
        assert CONCLUSION in text
        assert "Conclusions and next steps" in text or "Conclusions" in text

    def test_an_edited_approved_section_stays_public_until_the_new_version_is_approved(
        self, world: World, results: Results, tmp_path: Path
    ) -> None:
        host, organiser = world.client_for("host"), world.client_for("organiser")
        write_all(host, results, "FR", "fr", conclusions=CONCLUSION)
        workflow(host, "FR", "fr", "submit")
        workflow(organiser, "FR", "fr", "approve")
        write_all(host, results, "FR", "fr", conclusions="Une version nouvelle, pas encore relue.")
        section = ReportSection.objects.get(kind="conclusions", language="fr")
        assert section.status == ReportSection.Status.DRAFT
        text = france_pdf(results, tmp_path)
        assert CONCLUSION in text
        assert "pas encore relue" not in text
        public = Client().get(reverse("results:written-public", args=["own", "FR", "fr"]))
        assert public.status_code == 404  # the dialogue is a draft: only its organisers read it
        publish(results)
        page = Client().get(reverse("results:written-public", args=["own", "FR", "fr"]))
        assert CONCLUSION in page.content.decode()
        assert "pas encore relue" not in page.content.decode()

    def test_the_generated_summary_stays_until_every_section_is_approved(
        self, world: World, results: Results, tmp_path: Path
    ) -> None:
        organiser = world.client_for("organiser")
        client = organiser
        client.post(edit_url("FR", "fr"), {"conclusions": CONCLUSION})
        workflow(client, "FR", "fr", "submit")
        workflow(client, "FR", "fr", "approve")
        text = france_pdf(results, tmp_path)
        assert CONCLUSION not in text  # one section of four: the language is not published
        assert "Synthèse" in text  # the generated summary, in French

    def test_the_editor_shows_the_generated_summary_as_a_draft_aid(
        self, world: World, results: Results
    ) -> None:
        page = world.client_for("host").get(edit_url("FR", "en")).content.decode()
        assert "Draft aid: the generated summary" in page
        assert "Do you agree?" in page


@pytest.mark.django_db
class TestWhoWrites:
    def test_a_host_writes_only_their_own_countrys_report(
        self, world: World, results: Results
    ) -> None:
        host = world.client_for("host")
        assert host.get(edit_url("FR", "fr")).status_code == 200
        assert host.get(edit_url("DE", "fr")).status_code == 404
        assert host.get(edit_url("global", "fr")).status_code == 404
        assert host.post(edit_url("DE", "fr"), {"conclusions": "x"}).status_code == 404
        assert host.post(edit_url("global", "en"), {"conclusions": "x"}).status_code == 404
        assert not WrittenReport.objects.exists()

    def test_a_host_cannot_approve_or_send_back(self, world: World, results: Results) -> None:
        host = world.client_for("host")
        write_all(host, results, "FR", "fr")
        workflow(host, "FR", "fr", "submit")
        assert workflow(host, "FR", "fr", "approve") == 404
        assert workflow(host, "FR", "fr", "return") == 404
        assert not ReportSection.objects.exclude(status=ReportSection.Status.SUBMITTED).exists()

    def test_an_organiser_writes_the_global_report_and_any_country(
        self, world: World, results: Results
    ) -> None:
        organiser = world.client_for("organiser")
        for scope in ("global", "FR", "DE"):
            assert organiser.get(edit_url(scope, "en")).status_code == 200
        assert organiser.get(edit_url("US", "en")).status_code == 404  # no site there
        assert organiser.get(edit_url("FR", "xx")).status_code == 404

    def test_every_step_is_audited_with_ids_and_counts(
        self, world: World, results: Results
    ) -> None:
        host, organiser = world.client_for("host"), world.client_for("organiser")
        write_all(host, results, "FR", "fr")
        workflow(host, "FR", "fr", "submit")
        workflow(organiser, "FR", "fr", "return")
        workflow(host, "FR", "fr", "submit")
        workflow(organiser, "FR", "fr", "approve")
        events = list(
            AuditEvent.objects.filter(action__startswith="results.written.").order_by("id")
        )
        assert [(e.action, e.actor.username if e.actor else "") for e in events] == [
            ("results.written.save", "host"),
            ("results.written.submit", "host"),
            ("results.written.return", "organiser"),
            ("results.written.submit", "host"),
            ("results.written.approve", "organiser"),
        ]
        assert events[-1].details == {"scope": "FR", "language": "fr", "sections": 4}


@pytest.mark.django_db
class TestReferences:
    def test_an_unknown_reference_is_refused_naming_the_section_and_the_reference(
        self, world: World, results: Results
    ) -> None:
        response = world.client_for("host").post(
            edit_url("FR", "en"),
            {"key_messages": "See [[figure:agree]] and [[figure:nothing-here]]."},
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "Section “Key messages”: [[figure:nothing-here]] names no question" in page
        assert not ReportSection.objects.exists()

    def test_open_questions_and_malformed_references_are_refused(self) -> None:
        keys = ["agree", "why"]
        text = "[[figure:agree]] [[chart:agree]] [[table:agree]] [[figure:<b>]] [[figure:why2]]"
        assert unknown_references(text, keys) == [
            "[[table:agree]]",
            "[[figure:<b>]]",
            "[[figure:why2]]",
        ]

    def test_figures_follow_the_results_until_they_are_final(
        self, world: World, results: Results
    ) -> None:
        organiser = world.client_for("organiser")
        write_all(organiser, results, "FR", "en", key_messages="[[figure:agree]]")
        workflow(organiser, "FR", "en", "submit")
        workflow(organiser, "FR", "en", "approve")
        results_snapshot_refresh(dialogue=results.dialogue)
        url = reverse("results:written-public", args=["own", "FR", "en"])
        before = organiser.get(url).content.decode()
        # France: Paris yes, yes, no and Lyon's paper yes 4, no 1: yes 6 of 8.
        assert yes_share("75 %") in before
        assert "provisional" in before
        for _ in range(4):
            add_ballot(world.own_site, results.agree, results.option["no"])
        results_snapshot_refresh(dialogue=results.dialogue)
        after = organiser.get(url).content.decode()
        assert yes_share("75 %") not in after
        assert yes_share("50 %") in after  # yes 6 of 12
        publish(results)
        final = organiser.get(url).content.decode()
        assert "The figures are final." in final


def yes_share(share: str) -> str:
    return f'<th scope="row">Yes</th><td class="number">{share}</td>'


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend(attrs)


def stub_reference(kind: str, key: str) -> SafeString:
    return mark_safe(f'<div class="ref-{kind}"></div>')  # noqa: S308 - a fixed test marker


MARKUP_TAGS = {"p", "br", "ul", "li", "em", "strong", "div"}
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *NASTY_WORDS,
                "<img src=x onerror=alert(1)>",
                '"><svg onload=alert(1)>',
                "[[figure:<script>alert(1)</script>]]",
                '[[chart:agree" onmouseover="x]]',
                "[[figure:agree]]",
                "*",
                "**",
                "- ",
                "\n\n",
                "javascript:alert(1)",
                "&lt;script&gt;",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=30,
).map("".join)


class TestMarkup:
    def test_paragraphs_lists_and_emphasis(self) -> None:
        html = render_markup("One *two* **three**\nfour\n\n- a\n- b", stub_reference)
        assert html == (
            "<p>One <em>two</em> <strong>three</strong><br>four</p><ul><li>a</li><li>b</li></ul>"
        )

    def test_references_become_blocks_and_html_is_shown_as_written(self) -> None:
        html = render_markup("Before [[chart:agree]] <b>after</b>", stub_reference)
        assert html == ('<p>Before</p><div class="ref-chart"></div><p>&lt;b&gt;after&lt;/b&gt;</p>')

    @HOSTILE
    @given(text=hostile_text)
    def test_hostile_text_never_becomes_markup(self, text: str) -> None:
        collector = TagCollector()
        collector.feed(render_markup(text, stub_reference))
        assert collector.tags <= MARKUP_TAGS
        assert all(name == "class" for name, _value in collector.attributes)


@pytest.mark.django_db
class TestEscapingOnPages:
    def test_hostile_sections_are_escaped_on_the_public_page_and_in_the_editor(
        self, world: World, results: Results
    ) -> None:
        attack = '<script>window.__xss=1</script><img src=x onerror="alert(1)">'
        organiser = world.client_for("organiser")
        write_all(organiser, results, "FR", "en", conclusions=attack, key_messages=f"*{attack}*")
        workflow(organiser, "FR", "en", "submit")
        workflow(organiser, "FR", "en", "approve")
        for url in (
            reverse("results:written-public", args=["own", "FR", "en"]),
            edit_url("FR", "en"),
        ):
            page = organiser.get(url).content.decode()
            assert "<script>window.__xss" not in page
            assert "<img src=x" not in page
            assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page


@pytest.mark.django_db
def test_a_request_that_leaves_a_section_out_keeps_its_text(world: World, results: Results) -> None:
    host = world.client_for("host")
    write_all(host, results, "FR", "fr", conclusions=CONCLUSION)
    host.post(edit_url("FR", "fr"), {"key_messages": "Nouveaux messages."})
    section = ReportSection.objects.get(kind="conclusions", language="fr")
    assert section.text == CONCLUSION


@pytest.mark.django_db
def test_the_public_report_reads_its_headings_in_its_own_language(
    world: World, results: Results
) -> None:
    results.agree.session.title = {"en": "Session one", "fr": "Première session"}
    results.agree.session.save(update_fields=["title"])
    organiser = world.client_for("organiser")
    write_all(organiser, results, "FR", "fr")
    workflow(organiser, "FR", "fr", "submit")
    workflow(organiser, "FR", "fr", "approve")
    publish(results)
    page = Client().get(reverse("results:written-public", args=["own", "FR", "fr"]))
    html = page.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<article lang="fr"' in html
    assert "<h2>Première session</h2>" in html
