"""A country's difference from everyone else is said in words ("11 points lower", "likely
a real difference"), with percentage points and p-values one click away (issue 18 item 6)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from polyvox.dialogues.models import Dialogue
from tests.results.conftest import Results

pytestmark = pytest.mark.django_db


def comparison_page(client: Client, results: Results) -> str:
    results.dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    results.dialogue.save(update_fields=["status"])
    return client.get("/en/results/own/", {"country": "FR"}).content.decode()


def test_the_comparison_says_its_differences_in_words(client: Client, results: Results) -> None:
    page = comparison_page(client, results)
    comparison = page.split("This country compared with all other participants")[1]
    comparison = comparison.split("</table>")[0]
    # France: yes 6/8 = 75 % against Germany's 0/2: 75 points higher.
    words = re.findall(r'data-label="Difference">([^<]*)</td>', comparison)
    assert "75 points higher" in words
    assert all(re.fullmatch(r"\d+ points? (higher|lower)|about the same", w) for w in words)
    verdicts = re.findall(r'data-label="Real or chance\?">([^<]*)</td>', comparison)
    assert set(verdicts) <= {"likely a real difference", "could be chance"}
    assert "p < 0.05" not in comparison
    assert "pts" not in comparison


def test_the_technical_detail_gives_percentage_points(client: Client, results: Results) -> None:
    page = comparison_page(client, results)
    detail = page.split("Differences in percentage points and their p-values")[1]
    detail = detail.split("</table>")[0]
    differences = re.findall(r'<td class="number"[^>]*>([^<]*pts)</td>', detail)
    assert differences
    assert all(re.fullmatch(r"[+\u2212]?\d+ pts", value) for value in differences)
    assert not re.search(r'<td class="number"[^>]*>[+\u2212-]\d+ %', detail)
