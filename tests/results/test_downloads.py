from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.client import Response
from tests.conftest import World
from tests.results.conftest import Results, add_ballot
from tests.results.test_pages import publish


def download(client: Client, dataset: str, fmt: str) -> Response:
    response = client.get(reverse("results:download", args=["own", dataset, fmt]))
    assert response.status_code == 200
    return response


def csv_rows(response: Response, name: str) -> tuple[list[dict[str, str]], str]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(csv.DictReader(io.StringIO(archive.read(name).decode())))
    return rows, archive.read("README.txt").decode()


@pytest.mark.django_db
class TestSharesDownload:
    def test_the_csv_has_the_engine_columns_intervals_and_licence(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        rows, readme = csv_rows(download(client, "shares", "csv"), "shares.csv")
        assert list(rows[0]) == ["level", "group", "question", "option", "weighting", "count",
                                 "n", "share", "low", "high", "unit", "local"]  # fmt: skip
        everyone_yes = next(
            r for r in rows
            if (r["level"], r["question"], r["option"], r["weighting"]) == ("global", "agree", "yes", "pooled")
        )  # fmt: skip
        assert (everyone_yes["count"], everyone_yes["n"], everyone_yes["share"]) == (
            "6",
            "10",
            "0.6",
        )
        assert "CC-BY-4.0" in readme
        assert "not an opinion poll" in readme

    def test_the_json_carries_licence_metadata(self, client: Client, results: Results) -> None:
        publish(results)
        data = json.loads(download(client, "shares", "json").content)
        assert data["metadata"]["licenses"][0]["name"] == "CC-BY-4.0"
        assert {"level", "group", "share", "low", "high"} <= set(data["rows"][0])

    def test_the_xlsx_has_the_data_and_a_readme_sheet(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        workbook = load_workbook(io.BytesIO(download(client, "shares", "xlsx").content))
        assert workbook.sheetnames == ["shares", "README"]
        assert next(workbook["shares"].iter_rows(values_only=True))[:3] == (
            "level",
            "group",
            "question",
        )

    def test_an_unknown_format_is_not_found(self, client: Client, results: Results) -> None:
        publish(results)
        response = client.get(reverse("results:download", args=["own", "shares", "pdf"]))
        assert response.status_code == 404


@pytest.mark.django_db
class TestAnswersDownload:
    def test_it_carries_pseudonyms_and_no_small_demographic_groups(
        self, client: Client, results: Results
    ) -> None:
        publish(results)
        rows, _readme = csv_rows(download(client, "answers", "csv"), "answers.csv")
        assert set(rows[0]) == {"pseudonym", "site", "country", "question", "option", "age"}
        assert all(row["age"] == "" for row in rows)  # 1 and 2 people: under 10 at Paris
        assert len([r for r in rows if r["question"] == "agree"]) == 5  # ballots only
        assert {r["option"] for r in rows if r["question"] == "topics"} == {"privacy", "access"}

    def test_one_rare_value_is_withheld_with_k_minus_one_others(
        self, client: Client, results: Results, world: World
    ) -> None:
        publish(results)
        for _ in range(8):
            add_ballot(
                world.own_site, results.agree, results.option["no"], categories={"age": "25+"}
            )
        rows, readme = csv_rows(download(client, "answers", "csv"), "answers.csv")
        paris = {row["pseudonym"]: row["age"] for row in rows if row["site"] == "paris"}
        # Ten aged 25+ and one aged 18-24: the one is withheld with four others, so that
        # the blank ages are a group of five too; six keep their age band.
        assert sorted(Counter(paris.values()).items()) == [("", 5), ("25+", 6)]
        assert "k = 5" in readme
        assert "- paris (11 participants): 5 withheld" in readme
