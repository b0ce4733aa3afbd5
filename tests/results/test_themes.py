"""Themes of open answers and recommendations: computed as a job, edited by organisers and
hosts, shown to readers with counts and quotes (none for themes of fewer than 3 texts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks, Settings

from polyvox.deliberation.models import Answer, Participant, Recommendation, Table
from polyvox.dialogues.models import Dialogue, Question, Session, Site
from polyvox.jobs.models import Job
from polyvox.results.models import Theme
from polyvox.results.selectors import recommendation_support
from polyvox.results.services import themes_compute
from tests.client import redirect_url
from tests.conftest import World
from tests.results.conftest import Results

WIFI = ["More public wifi in parks.", "Free public wifi in libraries.", "Public wifi on buses."]
PRIVACY = ["Less surveillance of my data.", "Stop surveillance by apps.", "Protect my data."]


def write_answers(
    site: Site, question: Question, texts: list[str], language: str = "en"
) -> list[Answer]:
    answers = []
    for text in texts:
        participant = Participant.objects.create(site=site, language=language, status="present")
        answers.append(Answer.objects.create(participant=participant, question=question, text=text))
    return answers


def why(results: Results) -> Question:
    return Question.objects.get(session__dialogue=results.dialogue, key="why")


def publish(dialogue: Dialogue) -> None:
    dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    dialogue.save(update_fields=["status"])


def name(theme: Theme, **names: str) -> Theme:
    """An organiser's names, as the editor saves them (written directly: tests of the
    editor itself post its form)."""
    theme.title = names
    theme.save(update_fields=["title"])
    return theme


def name_all(themes: list[Theme]) -> None:
    for theme in themes:
        name(theme, en=f"Theme {theme.position + 1}")


@pytest.fixture
def themed(world: World, results: Results) -> list[Theme]:
    """Two clear themes in English, one French answer (a theme of one), none blank."""
    question = why(results)
    write_answers(world.own_site, question, WIFI + PRIVACY)
    write_answers(world.own_other_site, question, ["Plus de wifi public gratuit."], "fr")
    write_answers(world.own_other_site, question, ["  "])
    return themes_compute(dialogue=results.dialogue, site=None, question=question)


@pytest.mark.django_db
class TestComputing:
    def test_it_groups_each_language_apart_with_titles_counts_and_quotes(
        self, themed: list[Theme]
    ) -> None:
        english = [theme for theme in themed if theme.language == "en"]
        assert sorted(theme.size for theme in english) == [3, 3]
        wifi = next(theme for theme in english if "wifi" in theme.label_terms)
        assert len(wifi.members) == 3
        assert {quote["text"]["en"] for quote in wifi.quotes} <= set(WIFI)
        # Label terms are not a name: the theme waits for an organiser's.
        assert all(theme.title == {} for theme in themed)
        (french,) = [theme for theme in themed if theme.language == "fr"]
        assert french.size == 1
        assert sum(theme.size for theme in themed) == 7  # the blank answer is in no theme

    def test_an_organiser_computes_themes_as_a_job_with_progress(
        self,
        world: World,
        results: Results,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        write_answers(world.own_site, why(results), WIFI + PRIVACY)
        client = world.client_for("organiser")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("results:themes-compute", args=["own"]), {"source": "why"}
            )
        job = Job.objects.get(kind="results.themes")
        assert redirect_url(response) == reverse("jobs:detail", args=[job.id])
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED, job.error
        assert job.progress == 1.0
        assert job.result["themes"] == Theme.objects.filter(dialogue=results.dialogue).count()
        page = client.get(reverse("jobs:detail", args=[job.id])).content.decode()
        assert reverse("results:themes", args=["own"]) in page

    def test_computing_again_replaces_the_themes_of_that_question_only(
        self, results: Results, themed: list[Theme]
    ) -> None:
        Theme.objects.create(dialogue=results.dialogue, language="en", title={"en": "Kept"})
        again = themes_compute(dialogue=results.dialogue, site=None, question=why(results))
        left = Theme.objects.filter(dialogue=results.dialogue)
        assert left.count() == len(again) + 1
        assert left.filter(title={"en": "Kept"}).exists()

    def test_a_host_computes_themes_of_their_own_site_only(
        self,
        world: World,
        results: Results,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        write_answers(world.own_site, why(results), WIFI)
        write_answers(world.own_other_site, why(results), PRIVACY)
        client = world.client_for("host")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("results:themes-compute", args=["own"]),
                {"source": "why", "site": "paris"},
            )
        themes = Theme.objects.filter(dialogue=results.dialogue)
        assert {theme.site for theme in themes} == {world.own_site}
        assert sum(theme.size for theme in themes) == 3
        refused = client.post(
            reverse("results:themes-compute", args=["own"]), {"source": "why", "site": "lyon"}
        )
        assert refused.status_code == 404
        refused = client.post(reverse("results:themes-compute", args=["own"]), {"source": "why"})
        assert refused.status_code == 404  # the whole dialogue is for organisers

    def test_recommendations_are_themed_in_their_tables_language(
        self, world: World, results: Results
    ) -> None:
        session = results.dialogue.sessions.get()
        for number, text in enumerate(WIFI + PRIVACY, start=1):
            table = Table.objects.create(site=world.own_site, number=number)
            Recommendation.objects.create(
                site=world.own_site, table=table, session=session, language="en", text={"en": text}
            )
        themes = themes_compute(dialogue=results.dialogue, site=None, question=None)
        assert sum(theme.size for theme in themes) == 6
        assert all(theme.question is None for theme in themes)
        assert all(m.startswith("recommendation:") for t in themes for m in t.members)


@pytest.mark.django_db
class TestEditing:
    def test_merging_keeps_the_first_title_and_every_text(
        self, world: World, themed: list[Theme]
    ) -> None:
        first, second = sorted((t for t in themed if t.language == "en"), key=lambda t: t.position)
        name(first, en="Privacy")
        client = world.client_for("organiser")
        url = reverse("results:themes-merge", args=["own"])
        asked = client.post(url, {"theme": [first.id, second.id]})
        assert "Merge these 2 themes?" in asked.content.decode()  # asks first
        assert Theme.objects.filter(id=second.id).exists()
        response = client.post(url, {"theme": [first.id, second.id], "confirm": "yes"})
        assert response.status_code == 302
        merged = Theme.objects.get(id=first.id)
        assert merged.size == 6
        assert merged.title == {"en": "Privacy"}
        assert set(merged.members) == set(first.members) | set(second.members)
        assert not Theme.objects.filter(id=second.id).exists()
        assert merged.position == 0

    def test_merging_one_theme_is_refused_with_a_message(
        self, world: World, themed: list[Theme]
    ) -> None:
        response = world.client_for("organiser").post(
            reverse("results:themes-merge", args=["own"]), {"theme": [themed[0].id]}, follow=True
        )
        assert "Choose at least two themes to merge." in response.content.decode()
        assert Theme.objects.filter(id=themed[0].id).exists()

    def test_renaming_translating_and_choosing_quotes(
        self, world: World, themed: list[Theme]
    ) -> None:
        theme = next(t for t in themed if "wifi" in t.label_terms)
        url = reverse("results:theme", args=["own", theme.id])
        client = world.client_for("organiser")
        form = client.get(url).content.decode()
        assert "More public wifi in parks." in form
        chosen = theme.members[0]
        response = client.post(
            url, {"title__en": "Public wifi", "title__fr": "Wifi public", "quotes": [chosen]}
        )
        assert response.status_code == 302
        theme.refresh_from_db()
        assert theme.title == {"en": "Public wifi", "fr": "Wifi public"}
        assert [quote["id"] for quote in theme.quotes] == [chosen]

    def test_a_quote_must_be_one_of_the_themes_texts(
        self, world: World, themed: list[Theme]
    ) -> None:
        wifi = next(t for t in themed if "wifi" in t.label_terms)
        other = next(t for t in themed if t.language == "en" and t.id != wifi.id)
        response = world.client_for("organiser").post(
            reverse("results:theme", args=["own", wifi.id]),
            {"title__en": "Wifi", "quotes": [other.members[0]]},
        )
        assert response.status_code == 200  # the form again, with its error
        wifi.refresh_from_db()
        assert other.members[0] not in [quote["id"] for quote in wifi.quotes]

    def test_a_host_cannot_edit_the_whole_dialogues_themes(
        self, world: World, themed: list[Theme]
    ) -> None:
        url = reverse("results:theme", args=["own", themed[0].id])
        assert world.client_for("host").get(url).status_code == 404

    def test_the_export_lists_every_text_with_its_theme(
        self, world: World, themed: list[Theme]
    ) -> None:
        response = world.client_for("organiser").get(reverse("results:themes-export", args=["own"]))
        lines = response.content.decode().splitlines()
        assert lines[0] == "source,text_id,language,theme,theme_title,text"
        assert len(lines) == 1 + 7
        assert any("More public wifi in parks." in line for line in lines)


@pytest.mark.django_db
class TestReading:
    def test_the_results_page_shows_themes_counts_and_quotes(
        self, client: Client, results: Results, themed: list[Theme]
    ) -> None:
        publish(results.dialogue)
        name_all(themed)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        themes = page.split('id="themes-heading"')[1]
        assert "Why?" in themes
        assert "Themes of 7 texts" in themes
        assert "43 %" in themes  # 3 of 7
        assert any(text in themes for text in WIFI)
        assert "No quote: too few texts." in themes  # the French theme of one answer
        assert "Plus de wifi public gratuit." not in themes
        assert "fewer than 3 texts shows no quote" in themes

    def test_titles_show_in_the_readers_language_else_their_own(
        self, client: Client, results: Results, themed: list[Theme]
    ) -> None:
        publish(results.dialogue)
        wifi = next(t for t in themed if "wifi" in t.label_terms)
        wifi.title = {"en": "Public wifi", "fr": "Wifi public"}
        wifi.save()
        other = next(t for t in themed if t.language == "en" and t.id != wifi.id)
        other.title = {"en": "Privacy"}
        other.save()
        page = client.get("/fr/results/own/").content.decode()
        assert "Wifi public" in page
        assert '<span lang="en" dir="auto">Privacy</span>' in page
        assert "Avec leurs mots" in page

    def test_a_quote_of_a_small_theme_never_reaches_the_api(
        self, client: Client, results: Results, themed: list[Theme]
    ) -> None:
        publish(results.dialogue)
        name_all(themed)
        small = next(t for t in themed if t.size < 3)
        small.quotes = [{"id": small.members[0], "text": {"fr": "Plus de wifi public gratuit."}}]
        small.save()
        body = client.get(reverse("api-1:results_dialogue", args=["own"])).json()
        by_size = {theme["texts"]: theme for theme in body["themes"] if theme["language"] == "fr"}
        assert by_size[1]["quotes"] == []
        assert any(theme["quotes"] for theme in body["themes"] if theme["texts"] >= 3)
        assert "Plus de wifi public gratuit." not in str(body)

    def test_a_country_shows_its_sites_own_themes_when_a_host_made_some(
        self, client: Client, world: World, results: Results, themed: list[Theme]
    ) -> None:
        publish(results.dialogue)
        name_all(themed)
        write_answers(world.own_site, why(results), ["Cheap internet in every village."])
        name_all(
            themes_compute(dialogue=results.dialogue, site=world.own_site, question=why(results))
        )
        france = client.get(reverse("results:results", args=["own"]), {"country": "FR"})
        assert "Paris: Why?" in france.content.decode()
        germany = client.get(reverse("results:results", args=["own"]), {"country": "DE"})
        assert "Paris: Why?" not in germany.content.decode()
        assert "Themes of 7 texts" in germany.content.decode()  # the whole dialogue's

    def test_the_pdf_report_includes_the_themes(
        self, settings: Settings, tmp_path: Path, results: Results, themed: list[Theme]
    ) -> None:
        from polyvox.results.reports import report_context
        from polyvox.results.services import results_snapshot_refresh

        settings.MEDIA_ROOT = tmp_path
        name_all(themed)
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="global")
        from django.template.loader import render_to_string

        html = render_to_string("results/report.html", {**context, "language": "en"})
        assert "In their own words" in html
        assert "Themes of 7 texts" in html

    def test_the_page_with_themes_stays_within_its_query_budget(
        self,
        client: Client,
        results: Results,
        themed: list[Theme],
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        publish(results.dialogue)
        name_all(themed)
        client.get(reverse("results:results", args=["own"]))  # computes the snapshot
        # One more than before the written reports: which of them are published.
        with django_assert_max_num_queries(5):
            response = client.get(reverse("results:results", args=["own"]), {"country": "FR"})
        assert "Themes of 7 texts" in response.content.decode()


@pytest.mark.django_db
def test_cross_site_recommendation_themes_list_supporting_sites_and_table_counts(
    client: Client, world: World, results: Results
) -> None:
    """Issue 15 item 3: two Paris tables (one of them twice, in two sessions) and one Lyon
    table write about wifi; the global theme says Paris: 2 tables, Lyon: 1 table."""
    first, second = (
        Session.objects.get_or_create(
            dialogue=results.dialogue, key=key, defaults={"title": {"en": key}, "position": 5}
        )[0]
        for key in ("morning", "afternoon")
    )
    paris1, paris2 = (Table.objects.create(site=world.own_site, number=n) for n in (1, 2))
    lyon1 = Table.objects.create(site=world.own_other_site, number=1)
    for table, session, text in [
        (paris1, first, WIFI[0]),
        (paris1, second, WIFI[1]),
        (paris2, first, WIFI[2]),
        (lyon1, second, WIFI[0] + " now"),
        (paris2, second, PRIVACY[0]),
        (lyon1, first, PRIVACY[1]),
        (paris1, second, PRIVACY[2]),
    ]:
        Recommendation.objects.create(
            site=table.site, table=table, session=session, language="en", text={"en": text}
        )
    themes = themes_compute(dialogue=results.dialogue, site=None, question=None)
    name_all(themes)
    support = recommendation_support(themes)
    wifi = next(t for t in themes if any("wifi" in term for term in t.label_terms))
    assert [(s.city, s.tables) for s in support[wifi.id]] == [("Paris", 2), ("Lyon", 1)]
    results.dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    results.dialogue.save(update_fields=["status"])
    page = client.get(reverse("results:results", args=["own"])).content.decode()
    assert "Paris: 2 tables" in page
    assert "Lyon: 1 table" in page
