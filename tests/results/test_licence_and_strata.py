"""The dialogue's own licence reaches every download, the API and the page; paper counts
split by a stratum join the breakdowns of the category the stratum names."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.deliberation.models import TallyCount
from polyvox.dialogues.licences import Licence
from polyvox.recruitment.models import Category, CategoryValue
from polyvox.results.computation import results_compute
from polyvox.results.snapshot import Snapshot
from polyvox.results.strata import PAPER_UNSPLIT, CategoryValues, dialogue_category_values
from tests.conftest import World
from tests.results.conftest import Results, five_of_each_age
from tests.results.test_pages import publish


@pytest.mark.django_db
class TestLicence:
    def test_a_new_dialogue_is_cc_by(self, results: Results) -> None:
        assert results.dialogue.licence == "CC-BY-4.0"

    def test_the_chosen_licence_reaches_downloads_the_api_and_the_page(
        self, client: Client, results: Results
    ) -> None:
        results.dialogue.licence = Licence.CC0
        results.dialogue.save(update_fields=["licence"])
        publish(results)
        shares = client.get(reverse("results:download", args=["own", "shares", "json"]))
        licence = json.loads(shares.content)["metadata"]["licenses"][0]
        assert licence == {
            "name": "CC0-1.0",
            "title": "Creative Commons Zero 1.0 Universal",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        }
        api = client.get(reverse("api-1:results_dialogue", args=["own"])).json()
        assert api["licence"]["name"] == "CC0-1.0"
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "Free to reuse under the licence CC0 1.0" in page
        assert 'href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license"' in page
        # The dialogue's own licence; the reference data's attribution names CC BY 4.0.
        assert "Free to reuse under the licence CC BY 4.0" not in page
        assert "licenses/by/4.0" not in page

    def test_the_report_names_the_licence(self, results: Results) -> None:
        from django.template.loader import render_to_string

        from polyvox.results.reports import report_context
        from polyvox.results.services import results_snapshot_refresh

        results.dialogue.licence = Licence.ODBL
        results.dialogue.save(update_fields=["licence"])
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="global")
        html = render_to_string("results/report.html", {**context, "language": "en"})
        assert "under the licence ODbL 1.0" in html


def count(results: Results, world: World, option: str, stratum: str, number: int) -> None:
    TallyCount.objects.create(
        site=world.own_other_site,
        question=results.agree,
        option=results.option[option],
        stratum=stratum,
        count=number,
        entered_by=world.users["organiser"],
    )


def breakdown_n(data: Snapshot, value: str) -> int:
    return next(
        row.n
        for row in data.breakdowns
        if (row.category, row.level, row.group, row.question, row.value)
        == ("age", "global", "all", "agree", value)
    )


@pytest.mark.django_db
class TestPaperStrata:
    def test_stratified_paper_counts_join_their_category_values(
        self, world: World, results: Results
    ) -> None:
        count(results, world, "yes", "18-24", 12)  # a value of one category alone
        count(results, world, "no", "age=25+", 15)  # named with its category
        count(results, world, "yes", "left-handed", 11)  # matches no category
        data = results_compute(dialogue=results.dialogue)
        # Paris's three ballots are fewer than k = 5 people: their ages are not published.
        assert breakdown_n(data, "18-24") == 12
        assert breakdown_n(data, "25+") == 15
        # Lyon's unsplit counts (4 yes, 1 no) and the unmatched stratum: 16 people.
        assert breakdown_n(data, PAPER_UNSPLIT) == 16
        # Totals count everyone once, split or not.
        assert data.totals["paper"] == 4 + 1 + 12 + 15 + 11

    def test_a_paper_stratum_of_fewer_than_k_people_is_counted_as_not_split(
        self, world: World, results: Results
    ) -> None:
        count(results, world, "yes", "18-24", 3)
        count(results, world, "no", "age=25+", 15)
        data = results_compute(dialogue=results.dialogue)
        assert "18-24" not in {row.value for row in data.breakdowns}
        assert breakdown_n(data, "25+") == 15
        assert breakdown_n(data, PAPER_UNSPLIT) == 5 + 3  # Lyon's unsplit counts and the three

    def test_the_page_says_how_many_paper_counts_a_breakdown_leaves_out(
        self, client: Client, world: World, results: Results
    ) -> None:
        count(results, world, "yes", "18-24", 12)
        publish(results)
        page = client.get(reverse("results:results", args=["own"]), {"category": "age"})
        text = page.content.decode()
        assert "5 citizens counted on paper are not in this table" in text
        assert "not split by age" in text

    def test_a_stratum_matches_a_recruitment_value_by_its_label_in_any_language(
        self, world: World, results: Results
    ) -> None:
        gender = Category.objects.create(site=world.own_site, key="gender", label={"en": "Gender"})
        CategoryValue.objects.create(
            category=gender, key="woman", label={"en": "Women", "fr": "Femmes"}
        )
        known = dialogue_category_values(dialogue=results.dialogue, seen=[{"age": "18-24"}])
        assert known.match("Femmes") == {"gender": "woman"}
        assert known.match(" women ") == {"gender": "woman"}
        assert known.match("gender: Women") == {"gender": "woman"}
        assert known.match("18-24") == {"age": "18-24"}
        assert known.match("age=65+") == {}  # a value the category does not have

    def test_a_value_two_categories_share_is_not_guessed(self) -> None:
        known = CategoryValues()
        known.add("area", "other")
        known.add("gender", "other")
        assert known.match("other") == {}
        assert known.match("area=other") == {"area": "other"}


@pytest.mark.django_db
class TestCategoryLabels:
    def test_breakdowns_show_the_categories_labels_in_the_readers_language(
        self, client: Client, world: World, results: Results
    ) -> None:
        age = Category.objects.create(
            site=world.own_site, key="age", label={"en": "Age band", "fr": "Tranche d'âge"}
        )
        CategoryValue.objects.create(
            category=age, key="18-24", label={"en": "18 to 24", "fr": "18 à 24 ans"}
        )
        five_of_each_age(results, world)
        publish(results)
        english = client.get(reverse("results:results", args=["own"]), {"category": "age"})
        text = english.content.decode()
        assert '<option value="age" selected>Age band</option>' in text
        assert "By Age band" in text
        assert '<th scope="row">18 to 24</th>' in text
        assert '<th scope="row">25+</th>' in text  # a value without a label shows its key
        french = client.get("/fr/results/own/", {"category": "age"}).content.decode()
        assert "18 à 24 ans" in french
