"""Issue 18 item 5: a theme is published only once an organiser names it, in the reader's
language where a translation is given; one idea themed once per language is offered for
merging; a quote always speaks for its own theme."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Recommendation, Table
from polyvox.demo.content import texts
from polyvox.jobs.models import Job
from polyvox.results.models import Theme
from polyvox.results.reports import report_context
from polyvox.results.selectors import theme_merge_suggestions, theme_texts_by_id
from polyvox.results.services import (
    results_snapshot_refresh,
    theme_title,
    themes_compute,
)
from tests.conftest import World
from tests.hostile import HOSTILE, nasty_text, rolled_back
from tests.results.conftest import Results
from tests.results.test_themes import PRIVACY, WIFI, name, publish, why, write_answers

THEMES_URL = "/en/results/own/themes/"
MERGE_URL = "/en/results/own/themes/merge/"


def themes_section(html: str) -> str:
    return html.split('id="themes-heading"')[1].split("</section>")[0]


@pytest.fixture
def english(world: World, results: Results) -> list[Theme]:
    """Two English themes of the open question, neither named yet."""
    write_answers(world.own_site, why(results), WIFI + PRIVACY)
    return themes_compute(dialogue=results.dialogue, site=None, question=why(results))


def wifi_of(themes: list[Theme]) -> Theme:
    return next(theme for theme in themes if "wifi" in theme.label_terms)


def privacy_of(themes: list[Theme]) -> Theme:
    return next(theme for theme in themes if "wifi" not in theme.label_terms)


@pytest.mark.django_db
class TestUnnamedThemesAreNotPublished:
    def test_the_page_counts_them_and_shows_neither_their_words_nor_their_quotes(
        self, client: Client, results: Results, english: list[Theme]
    ) -> None:
        publish(results.dialogue)
        section = themes_section(client.get("/en/results/own/").content.decode())
        assert "2 themes are still being named by the organisers" in section
        for theme in english:
            assert theme_title(theme.label_terms) not in section
        assert not any(text in section for text in WIFI + PRIVACY)

    def test_once_named_it_is_shown_and_the_other_still_counted(
        self, client: Client, results: Results, english: list[Theme]
    ) -> None:
        publish(results.dialogue)
        name(wifi_of(english), en="Public wifi")
        section = themes_section(client.get("/en/results/own/").content.decode())
        assert "Public wifi" in section
        assert "1 theme is still being named by the organisers" in section
        # Shares stay shares of every text, named or not: 3 of 6.
        assert "Themes of 6 texts" in section
        assert "50 %" in section
        assert theme_title(privacy_of(english).label_terms) not in section

    def test_the_pdf_report_leaves_them_out(
        self, settings: Settings, tmp_path: Path, results: Results, english: list[Theme]
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        name(wifi_of(english), en="Public wifi")
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="global")
        html = render_to_string("results/report.html", {**context, "language": "en"})
        assert "Public wifi" in html
        assert theme_title(privacy_of(english).label_terms) not in html
        assert "1 theme is still being named" in html

    def test_the_api_lists_named_themes_only_and_counts_the_others(
        self, client: Client, results: Results, english: list[Theme]
    ) -> None:
        publish(results.dialogue)
        name(wifi_of(english), en="Public wifi", fr="Wifi public")
        body = client.get(reverse("api-1:results_dialogue", args=["own"])).json()
        assert [theme["title"] for theme in body["themes"]] == [
            {"en": "Public wifi", "fr": "Wifi public"}
        ]
        assert body["themes_being_named"] == 1
        assert not any(text in str(body) for text in PRIVACY)

    def test_a_name_in_another_language_only_does_not_publish_it(
        self, client: Client, results: Results, english: list[Theme]
    ) -> None:
        publish(results.dialogue)
        name(wifi_of(english), fr="Wifi public")  # the dialogue's main language is English
        section = themes_section(client.get("/fr/results/own/").content.decode())
        assert "Wifi public" not in section


@pytest.mark.django_db
class TestNamesByLanguage:
    def test_the_french_page_shows_french_names_and_marks_english_fallbacks(
        self, client: Client, results: Results, english: list[Theme]
    ) -> None:
        publish(results.dialogue)
        name(wifi_of(english), en="Public wifi", fr="Wifi public")
        name(privacy_of(english), en="Privacy")
        section = themes_section(client.get("/fr/results/own/").content.decode())
        assert '<th scope="row">Wifi public</th>' in section
        assert '<th scope="row"><span lang="en" dir="auto">Privacy</span></th>' in section
        assert '<th scope="row">Public wifi</th>' not in section

    def test_saving_without_a_name_in_the_main_language_is_refused(
        self, world: World, english: list[Theme]
    ) -> None:
        theme = wifi_of(english)
        response = world.client_for("organiser").post(
            reverse("results:theme", args=["own", theme.id]), {"title__fr": "Wifi public"}
        )
        assert "Give the theme a name in English" in response.content.decode()
        theme.refresh_from_db()
        assert theme.title == {}

    def test_the_editor_says_what_is_unnamed_and_which_names_are_missing(
        self, world: World, english: list[Theme]
    ) -> None:
        wifi = name(wifi_of(english), en="Public wifi")
        html = world.client_for("organiser").get(THEMES_URL).content.decode()
        row = html.split(f'id="merge-{wifi.id}"')[1].split("</tr>")[0]
        assert "Public wifi" in row
        assert "français" in row  # the sites speak French: its name is missing there
        unnamed = html.split(f'id="merge-{privacy_of(english).id}"')[1].split("</tr>")[0]
        assert "not named: not published" in unnamed
        assert theme_title(privacy_of(english).label_terms) in unnamed  # its words, as a start


def recommendation_theme(
    world: World,
    results: Results,
    language: str,
    texts: list[dict[str, str]],
    title: dict[str, str],
) -> Theme:
    """A theme of the tables' recommendations in `language`, made as a merge would leave it."""
    session = results.dialogue.sessions.get()
    members = []
    for text in texts:
        table = Table.objects.create(site=world.own_site, number=Table.objects.count() + 1)
        recommendation = Recommendation.objects.create(
            site=world.own_site, table=table, session=session, language=language, text=text
        )
        members.append(f"recommendation:{recommendation.id}")
    return Theme.objects.create(
        dialogue=results.dialogue,
        language=language,
        title=title,
        size=len(members),
        members=members,
        label_terms=["x"],
        position=Theme.objects.filter(dialogue=results.dialogue).count(),
    )


@pytest.mark.django_db
class TestCrossLanguageMerges:
    def test_themes_named_alike_in_two_languages_are_suggested_merged_once_confirmed(
        self, world: World, results: Results
    ) -> None:
        english = recommendation_theme(
            world, results, "en", [{"en": w} for w in WIFI], {"en": "Free public wifi"}
        )
        french = recommendation_theme(
            world,
            results,
            "fr",
            [{"fr": "Du wifi gratuit"}, {"fr": "Le wifi public"}],
            {"en": "Public wifi for free", "fr": "Wifi public gratuit"},
        )
        recommendation_theme(world, results, "fr", [{"fr": "Moins de pub"}], {"en": "Fewer ads"})
        client = world.client_for("organiser")
        page = client.get(THEMES_URL).content.decode()
        suggestions = page.split("The same idea in two languages?")[1].split("</ul>")[0]
        assert "Free public wifi" in suggestions
        assert "Public wifi for free" in suggestions
        assert "Fewer ads" not in suggestions
        ids = re.search(r'name="themes" value="([0-9,]+)"', suggestions)
        assert ids is not None
        asked = client.post(MERGE_URL, {"themes": ids.group(1), "source": "recommendations"})
        assert "Merge these 2 themes?" in asked.content.decode()
        assert Theme.objects.filter(id=french.id).exists()  # nothing merged before confirming
        client.post(
            MERGE_URL, {"themes": ids.group(1), "source": "recommendations", "confirm": "yes"}
        )
        merged = Theme.objects.get(id=english.id)
        assert merged.size == 5
        assert merged.title == {"en": "Free public wifi", "fr": "Wifi public gratuit"}
        assert not Theme.objects.filter(id=french.id).exists()
        event = AuditEvent.objects.get(action="results.themes_merge")
        assert event.details["languages"] == ["en", "fr"]

    def test_unnamed_themes_are_matched_by_their_texts_translations(
        self, world: World, results: Results
    ) -> None:
        english = recommendation_theme(
            world, results, "en", [{"en": "Teach digital skills at school"}], {}
        )
        french = recommendation_theme(
            world,
            results,
            "fr",
            [{"fr": "Le numérique à l'école", "en": "Digital skills taught at school"}],
            {},
        )
        recommendation_theme(
            world, results, "fr", [{"fr": "Moins de pub", "en": "Less advertising"}], {}
        )
        themes = list(Theme.objects.filter(dialogue=results.dialogue).order_by("position"))
        (pair,) = theme_merge_suggestions(themes, main_language="en")
        assert {pair.first.id, pair.second.id} == {english.id, french.id}

    def test_themes_of_one_language_are_never_suggested(
        self, world: World, results: Results
    ) -> None:
        recommendation_theme(world, results, "en", [{"en": "Wifi"}], {"en": "Public wifi"})
        recommendation_theme(world, results, "en", [{"en": "Wifi!"}], {"en": "Public wifi"})
        themes = list(Theme.objects.filter(dialogue=results.dialogue))
        assert theme_merge_suggestions(themes, main_language="en") == []


class TestHostileMerge:
    @HOSTILE
    @given(themes=nasty_text | st.lists(nasty_text, max_size=3), confirm=nasty_text)
    def test_it_refuses_or_merges_nothing(
        self, world: World, english: list[Theme], themes: str | list[str], confirm: str
    ) -> None:
        with rolled_back():
            response = world.client_for("organiser").post(
                MERGE_URL, {"themes": themes, "theme": themes, "confirm": confirm}
            )
            assert response.status_code in (200, 302, 400)
            assert Theme.objects.count() == len(english)


@pytest.mark.django_db
def test_every_quote_is_one_of_its_themes_texts_and_speaks_for_its_main_idea(
    world: World, results: Results
) -> None:
    """Cause of "a quote under an unrelated theme": with more ideas than themes allowed (the
    demo has 12 in English, 8 themes), unrelated answers share a theme, and its second and
    third quotes came from the others. Quotes now keep to the most central one's idea."""
    ideas = texts().open_answers["en"]
    write_answers(world.own_site, why(results), ideas * 3)
    themes = themes_compute(dialogue=results.dialogue, site=None, question=why(results))
    bodies = theme_texts_by_id(text_id for theme in themes for text_id in theme.members)
    assert any(len({bodies[m].body for m in theme.members}) > 1 for theme in themes)
    for theme in themes:
        quoted = [quote["id"] for quote in theme.quotes]
        assert quoted
        assert set(quoted) <= set(theme.members)
        # One quote per idea here (each idea is one sentence): never a second, unrelated one.
        assert len(quoted) == 1, [bodies[text_id].body for text_id in quoted]


@pytest.mark.django_db
def test_the_migration_clears_machine_titles_and_keeps_organisers_names(
    results: Results,
) -> None:
    machine = Theme.objects.create(
        dialogue=results.dialogue,
        language="en",
        label_terms=["children early", "fake", "children"],
        title={"en": "Children early, fake"},
    )
    named = Theme.objects.create(
        dialogue=results.dialogue,
        language="en",
        label_terms=["children early", "fake"],
        title={"en": "Fake news at school"},
    )
    migration = importlib.import_module("polyvox.results.migrations.0008_theme_titles_only_named")
    migration.clear_machine_titles(apps, None)
    machine.refresh_from_db()
    named.refresh_from_db()
    assert machine.title == {}
    assert named.title == {"en": "Fake news at school"}


@pytest.mark.django_db
def test_the_notes_themes_are_named_in_the_editor_too(
    world: World,
    results: Results,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The notes' themes are public like the others, so organisers must be able to name them."""
    notes = Theme.objects.create(
        dialogue=results.dialogue, language="fr", source="notes", label_terms=["wifi"], size=2
    )
    client = world.client_for("organiser")
    page = client.get(THEMES_URL).content.decode()
    assert "Notes of the tables' discussions" in page
    assert reverse("results:theme", args=["own", notes.id]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("results:themes-compute", args=["own"]), {"source": "notes"})
    job = Job.objects.get(kind="results.themes")
    assert job.params["notes"] is True
    assert job.status == Job.Status.SUCCEEDED, job.error


@pytest.mark.django_db
def test_a_country_sees_the_dialogues_themes_until_its_host_names_the_sites_own(
    client: Client, world: World, results: Results, english: list[Theme]
) -> None:
    publish(results.dialogue)
    name(wifi_of(english), en="Public wifi")
    write_answers(world.own_site, why(results), ["Cheap internet in every village."])
    paris = themes_compute(dialogue=results.dialogue, site=world.own_site, question=why(results))
    france = "/en/results/own/?country=FR"
    section = themes_section(client.get(france).content.decode())
    assert "Public wifi" in section
    assert "Paris: Why?" not in section
    name(paris[0], en="Internet in villages")
    section = themes_section(client.get(france).content.decode())
    assert "Paris: Why?" in section
    assert "Internet in villages" in section
