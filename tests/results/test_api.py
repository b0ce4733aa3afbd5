from __future__ import annotations

import pytest
from django.test import Client

from tests.results.conftest import Results
from tests.results.test_pages import publish


@pytest.mark.django_db
class TestResultsApi:
    def test_it_gives_every_share_filtered_by_level_and_weighting(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        response = client.get(
            "/api/v1/dialogues/own/results", {"level": "country", "weighting": "pooled"}
        )
        assert response.status_code == 200
        data = response.json()
        assert data["licence"]["name"] == "CC-BY-4.0"
        assert data["totals"]["participants"] == 10
        assert {row["level"] for row in data["shares"]} == {"country"}
        france_yes = next(
            r
            for r in data["shares"]
            if (r["group"], r["question"], r["option"]) == ("FR", "agree", "yes")
        )
        assert (france_yes["count"], france_yes["n"], france_yes["share"]) == (6, 8, 0.75)

    def test_one_question_by_its_key(self, client: Client, results: Results) -> None:
        publish(results)
        data = client.get(
            "/api/v1/dialogues/own/results/questions/agree", {"level": "global"}
        ).json()
        assert data["question"]["key"] == "agree"
        assert {row["question"] for row in data["shares"]} == {"agree"}
        assert {row["weighting"] for row in data["shares"]} == {
            "pooled",
            "country_equal",
            "population_weighted",
        }

    def test_an_unknown_question_or_level_is_refused(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        assert client.get("/api/v1/dialogues/own/results/questions/nope").status_code == 404
        assert client.get("/api/v1/dialogues/own/results", {"level": "planet"}).status_code == 422

    def test_a_draft_dialogue_results_are_not_found(self, client: Client, results: Results) -> None:
        assert client.get("/api/v1/dialogues/own/results").status_code == 404

    def test_the_openapi_schema_documents_both_endpoints(self, client: Client, db: None) -> None:
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        assert "/api/v1/dialogues/{slug}/results" in paths
        assert "/api/v1/dialogues/{slug}/results/questions/{key}" in paths
