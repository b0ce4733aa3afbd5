from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from polyvox.dialogues.models import Dialogue, Site
from polyvox.results.services import results_snapshot_refresh
from tests.conftest import World
from tests.results.conftest import Results, add_ballot, five_of_each_age


def publish(results: Results, status: str = Dialogue.Status.RESULTS_PUBLISHED) -> None:
    results.dialogue.status = status
    results.dialogue.save(update_fields=["status"])


@pytest.mark.django_db
class TestResultsPage:
    def test_it_shows_each_question_with_its_chart_table_and_note(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        response = client.get(reverse("results:results", args=["own"]))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Do you agree?" in page
        assert 'role="img"' in page
        assert "aria-label=" in page
        assert "<caption>" in page
        assert 'scope="col"' in page
        assert "deliberative sample" in page
        # 6 of 10 against 4 of 10: with ten citizens that lead is within chance.
        assert (
            "no answer is clearly ahead. &quot;Yes&quot; (60 %) and &quot;No&quot; (40 %) "
            "are within chance of each other." in page
        )
        assert "Why?" not in page  # open questions are not counted here

    def test_a_scale_question_shows_its_mean(self, client: Client, results: Results) -> None:
        publish(results)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "Mean: 2.00 on a scale from 1 to 3 (n = 2)." in page

    def test_organisers_see_a_draft_dialogue_results(self, world: World, results: Results) -> None:
        response = world.client_for("organiser").get(reverse("results:results", args=["own"]))
        assert response.status_code == 200
        assert (
            world.client_for("anonymous").get(reverse("results:results", args=["own"])).status_code
            == 404
        )

    def test_it_polls_for_live_results_while_the_dialogue_is_deliberating(
        self, client: Client, results: Results
    ) -> None:
        publish(results, Dialogue.Status.DELIBERATING)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert 'hx-trigger="every 15s"' in page
        assert reverse("results:live", args=["own"]) in page
        publish(results)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "hx-trigger" not in page

    def test_a_country_filter_shows_its_sites_and_compares_it_with_the_rest(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        page = client.get(
            reverse("results:results", args=["own"]), {"country": "FR"}
        ).content.decode()
        assert "Paris (France)" in page
        assert "Lyon (France)" in page
        figures = page.split('id="figures"')[1].split("more-heading")[0]
        assert "Berlin" not in figures
        assert "This country compared with all other participants" in page

    def test_a_region_filter_compares_its_countries(self, client: Client, results: Results) -> None:
        publish(results)
        page = client.get(
            reverse("results:results", args=["own"]), {"region": "Europe"}
        ).content.decode()
        assert "Germany" in page
        assert "France" in page

    def test_an_unknown_filter_value_is_reported_and_everything_shown(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        response = client.get(reverse("results:results", args=["own"]), {"country": "ZZ"})
        assert response.status_code == 200
        assert "were not understood" in response.content.decode()

    def test_the_weighting_changes_the_headline_figure(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        url = reverse("results:results", args=["own"])
        pooled = client.get(url).content.decode()
        equal = client.get(url, {"weighting": "country_equal"}).content.decode()
        assert "60 %" in pooled
        assert "38 %" in equal  # (75 % + 0 %) / 2, every country equal

    def test_a_demographic_breakdown_shows_the_published_groups(
        self, client: Client, results: Results, world: World
    ) -> None:
        five_of_each_age(results, world)
        publish(results)
        page = client.get(
            reverse("results:results", args=["own"]), {"category": "age"}
        ).content.decode()
        assert "By age" in page
        assert "no group of fewer than 5 participants of a site is shown" in page
        assert (
            '<th scope="row">18-24</th><td class="number" data-label="n">5</td>'
            '<td class="number" data-label="Yes">100 %</td>' in page
        )

    def test_it_reads_one_snapshot_row_in_a_bounded_number_of_queries(
        self,
        client: Client,
        results: Results,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        publish(results)
        results_snapshot_refresh(dialogue=results.dialogue)
        # The snapshot, the dialogue, themes, reports and the published written reports;
        # the snapshot's numbers once more the first time this process reads them.
        url = reverse("results:results", args=["own"])
        with django_assert_max_num_queries(6):
            response = client.get(url, {"country": "FR"})
        assert response.status_code == 200
        with django_assert_max_num_queries(5):
            response = client.get(url, {"country": "DE"})
        assert response.status_code == 200

    def test_it_shows_in_french(self, client: Client, results: Results) -> None:
        publish(results)
        page = client.get("/fr/results/own/").content.decode()
        assert "D&#x27;accord ?" in page or "D'accord ?" in page
        assert "Oui" in page
        assert "échantillon délibératif" in page


@pytest.mark.django_db
class TestWhichCountry:
    def test_it_ranks_the_countries_whose_citizens_answered_like_the_visitor(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        url = reverse("results:which-country", args=["own"])
        page = client.get(url, {"q-agree": "no"}).content.decode()
        matches = page.split('id="matches-heading"')[1]
        assert matches.index("Germany") < matches.index("France")
        assert "100 %" in matches  # every Berlin citizen said no

    def test_it_offers_a_form_without_answers(self, client: Client, results: Results) -> None:
        publish(results)
        page = client.get(reverse("results:which-country", args=["own"])).content.decode()
        assert 'type="radio"' in page
        assert 'type="checkbox"' in page
        assert "matches-heading" not in page


@pytest.mark.django_db
class TestReadability:
    def test_the_computation_time_is_not_followed_by_a_second_period(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        after_time = page.split("Last computed:")[1].split("</time>")[1]
        # Django's English time ends in "p.m."; a sentence period after it read "p.m..".
        assert not after_time.startswith(".")

    def test_a_multiple_choice_question_says_its_shares_exceed_100_percent(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "so the shares add up to more than 100 %" in page

    def test_a_clear_lead_is_named(self, client: Client, results: Results) -> None:
        berlin = Site.objects.get(dialogue=results.dialogue, slug="berlin")
        for _ in range(20):
            add_ballot(berlin, results.agree, results.option["no"])
        publish(results)
        page = client.get(
            reverse("results:results", args=["own"]), {"country": "DE"}
        ).content.decode()
        assert "Germany: the answer chosen most often is &quot;No&quot;, by 100 %." in page


@pytest.mark.django_db
def test_a_ranking_question_shows_its_order_of_priority(
    client: Client, world: World, results: Results
) -> None:
    from polyvox.dialogues import services

    session = services.session_upsert(
        dialogue=results.dialogue,
        key="s2",
        title={"en": "Session two"},
        questions=[
            {
                "key": "priorities",
                "kind": "ranking",
                "text": {"en": "Rank these"},
                "options": [
                    {"key": "schools", "text": {"en": "Schools"}},
                    {"key": "roads", "text": {"en": "Roads"}},
                    {"key": "parks", "text": {"en": "Parks"}},
                ],
            }
        ],
    )
    question = session.questions.get()
    ids = {option.key: option.id for option in question.options.all()}
    for order in (["roads", "schools"], ["schools", "roads", "parks"], ["schools"]):
        add_ballot(world.own_site, question, choices=[ids[key] for key in order])
    publish(results)
    page = client.get(reverse("results:results", args=["own"])).content.decode()
    table = page.split("Order of priority")[1].split("</table>")[0]
    assert table.index("Schools") < table.index("Roads") < table.index("Parks")
    # The points are one click away, with the method that gives them.
    points = page.split("Points of each answer")[1].split("</table>")[0]
    # Schools: 1 + 3 + 1 = 5 points; roads 2 + 2 = 4; parks 1.
    assert '<th scope="row">Schools</th><td class="number" data-label="Points">5</td>' in points
    assert "Citizens ranked the answers; the shares count each citizen" in page
