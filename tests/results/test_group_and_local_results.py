"""Results of the tables' group answers and of a site's local topic (issue 15 items 1, 5).

The group answers are checked against a computation written here from the stored rows,
independent of engines.tally: at each level, the share of tables whose first choice is an
option, over the tables of that level that answered; each table counts once.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.deliberation.models import Table, TableAnswer
from polyvox.dialogues import services
from polyvox.dialogues.models import Option, Question, Site
from polyvox.results.computation import results_compute
from polyvox.results.figures import Filters, SnapshotReader, question_figures
from polyvox.results.forms import WhichCountryForm
from polyvox.results.models import Report, ResultsSnapshot
from polyvox.results.reports import report_context
from polyvox.results.services import results_snapshot_refresh
from polyvox.results.snapshot import dump_snapshot
from tests.conftest import World, make_site
from tests.results.conftest import Results, add_ballot
from tests.results.test_downloads import csv_rows, download
from tests.results.test_pages import publish

pytestmark = pytest.mark.django_db

TABLES = {"paris": 12, "lyon": 5, "berlin": 7}


def group_question(results: Results) -> Question:
    session = results.agree.session
    return services.question_upsert(
        session=session,
        key="group-priorities",
        position=10,
        kind=Question.Kind.RANKING,
        answered_by=Question.AnsweredBy.TABLE,
        text={"en": "Rank the priorities as a table"},
        options=[{"key": key, "text": {"en": key.title()}} for key in ("health", "school", "work")],
    )


@pytest.fixture
def rankings(world: World, results: Results) -> dict[str, list[str]]:
    """Each site's tables' first choices (site slug -> option keys), stored as rankings."""
    question = group_question(results)
    options = list(question.options.all())
    rng = random.Random(15)
    firsts: dict[str, list[str]] = {}
    for site in Site.objects.filter(dialogue=results.dialogue, slug__in=TABLES):
        firsts[site.slug] = []
        for number in range(1, TABLES[site.slug] + 1):
            table = Table.objects.create(site=site, number=number)
            order = rng.sample(options, k=rng.randint(1, len(options)))
            TableAnswer.objects.create(
                table=table,
                question=question,
                choices=[option.id for option in order],
                entered_by=world.users["host"],
            )
            firsts[site.slug].append(order[0].key)
    return firsts


def expected_shares(firsts: list[str]) -> dict[str, tuple[int, int, float]]:
    chosen = Counter(firsts)
    return {
        # The snapshot stores shares to six decimals.
        option: (chosen[option], len(firsts), round(chosen[option] / len(firsts), 6))
        for option in ("health", "school", "work")
    }


def table_rows(results: Results, level: str, group: str) -> dict[str, tuple[int, int, float]]:
    snapshot = results_compute(dialogue=results.dialogue)
    return {
        row.option: (row.option_count, row.n, row.share)  # type: ignore[misc]
        for row in snapshot.table_shares
        if (row.level, row.group, row.question) == (level, group, "group-priorities")
    }


class TestGroupAnswers:
    def test_twelve_tables_give_shares_out_of_twelve_at_their_site(
        self, results: Results, rankings: dict[str, list[str]]
    ) -> None:
        paris = table_rows(results, "site", "paris")
        assert {n for _count, n, _share in paris.values()} == {12}
        assert paris == expected_shares(rankings["paris"])

    def test_above_the_site_each_table_counts_once(
        self, results: Results, rankings: dict[str, list[str]]
    ) -> None:
        france = rankings["paris"] + rankings["lyon"]
        everyone = france + rankings["berlin"]
        assert table_rows(results, "country", "FR") == expected_shares(france)
        assert table_rows(results, "country", "DE") == expected_shares(rankings["berlin"])
        assert table_rows(results, "global", "all") == expected_shares(everyone)
        # Not the mean of the sites' shares: Paris's 12 tables weigh 12 times one table.
        snapshot = results_compute(dialogue=results.dialogue)
        assert {row.weighting for row in snapshot.table_shares} == {"pooled"}
        assert {row.level for row in snapshot.table_shares} == {
            "global", "region", "subregion", "income_group", "country", "site"
        }  # fmt: skip

    def test_pages_api_open_data_and_reports_show_tables_beside_citizens(
        self, client: Client, results: Results, rankings: dict[str, list[str]]
    ) -> None:
        publish(results)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "% of tables" in page
        assert "Tables that answered (n)" in page
        data = client.get("/api/v1/dialogues/own/results", {"level": "global"}).json()
        question = next(q for q in data["questions"] if q["key"] == "group-priorities")
        assert question["answered_by"] == "table"
        assert {row["n"] for row in data["table_shares"]} == {24}
        rows, readme = csv_rows(download(client, "shares", "csv"), "shares.csv")
        tables = [row for row in rows if row["unit"] == "tables"]
        assert {row["question"] for row in tables} == {"group-priorities"}
        assert "n is a number of tables" in readme
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="FR")
        figure = next(f for f in context["figures"] if f.key == "group-priorities")
        assert {cell.n for cell in figure.table_headline} == {17}


@pytest.fixture
def local(world: World, results: Results) -> Question:
    """Paris's local topic, answered by Paris's citizens only."""
    question = services.question_upsert(
        session=results.agree.session,
        key="paris-sobriete",
        position=11,
        kind=Question.Kind.SINGLE,
        site=world.own_site,
        text={"en": "Digital sobriety in French law?", "fr": "La sobriété numérique ?"},
        options=[{"key": "yes", "text": {"en": "Yes"}}, {"key": "no", "text": {"en": "No"}}],
    )
    yes = Option.objects.get(question=question, key="yes")
    for _ in range(6):
        add_ballot(world.own_site, question, yes)
    return question


class TestLocalTopic:
    def test_it_never_reaches_the_global_figures(self, results: Results, local: Question) -> None:
        snapshot = results_compute(dialogue=results.dialogue)
        levels = {row.level for row in snapshot.shares if row.question == local.key}
        assert levels == {"country", "site"}
        assert not [row for row in snapshot.comparisons if row.question == local.key]
        assert all(question != local.key for question, _o in snapshot.profiles.items)
        assert not [
            row
            for row in snapshot.breakdowns
            if row.question == local.key and row.level != "country"
        ]
        reader = SnapshotReader(dump_snapshot(snapshot), source_language="en")
        keys = {figure.key for figure in question_figures(reader, Filters(), with_charts=False)}
        assert local.key not in keys
        europe = Filters(region=next(iter(snapshot.sites.values()))["region"])
        assert local.key not in {f.key for f in question_figures(reader, europe, with_charts=False)}
        germany = question_figures(reader, Filters(country="DE"), with_charts=False)
        assert local.key not in {figure.key for figure in germany}
        france = question_figures(reader, Filters(country="FR"), with_charts=False)
        shown = next(figure for figure in france if figure.key == local.key)
        assert shown.local_site.startswith("Paris")
        assert {cell.n for cell in shown.headline} == {6}
        which = WhichCountryForm(None, reader=reader)
        assert not [name for name in which.fields if local.key in name]

    def test_it_is_in_the_country_report_only(
        self, client: Client, results: Results, local: Question
    ) -> None:
        publish(results)
        snapshot: ResultsSnapshot = results_snapshot_refresh(dialogue=results.dialogue)
        global_report = report_context(
            dialogue=results.dialogue, snapshot=snapshot, scope=Report.GLOBAL
        )
        assert local.key not in {figure.key for figure in global_report["figures"]}
        french = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="FR")
        assert local.key in {figure.key for figure in french["figures"]}
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "Digital sobriety" not in page
        by_country = client.get(reverse("results:results", args=["own"]), {"country": "FR"})
        assert "Digital sobriety" in by_country.content.decode()
        assert "A local topic asked only at Paris" in by_country.content.decode()

    def test_the_api_and_open_data_mark_it_local(
        self, client: Client, results: Results, local: Question
    ) -> None:
        publish(results)
        data = client.get("/api/v1/dialogues/own/results").json()
        question = next(q for q in data["questions"] if q["key"] == local.key)
        assert question["local"] == "paris"
        assert {row["level"] for row in data["shares"] if row["question"] == local.key} == {
            "country",
            "site",
        }
        rows, _readme = csv_rows(download(client, "shares", "csv"), "shares.csv")
        assert {row["local"] for row in rows if row["question"] == local.key} == {"paris"}
        assert {row["local"] for row in rows if row["question"] == "agree"} == {""}

    def test_another_site_never_asks_it(self, world: World, local: Question) -> None:
        berlin = make_site(world.own, "munich", country="DE", city="Munich")
        url = reverse("deliberation:run-sheet", args=[berlin.id])
        response = world.client_for("organiser").post(url, {"question": local.id, "action": "open"})
        assert response.status_code == 404
        page = world.client_for("organiser").get(url).content.decode()
        assert "Digital sobriety" not in page
