"""A country's difference from everyone else is labelled in percentage points."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.dialogues.models import Dialogue
from tests.results.conftest import Results

pytestmark = pytest.mark.django_db


def test_the_comparison_gives_its_differences_in_percentage_points(
    client: Client, results: Results
) -> None:
    results.dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    results.dialogue.save(update_fields=["status"])
    page = client.get(reverse("results:results", args=["own"]), {"country": "FR"}).content.decode()
    comparison = page.split("This country compared with all other participants")[1]
    comparison = comparison.split("</table>")[0]
    assert "Difference in percentage points" in comparison
    differences = re.findall(r'<td class="number">([^<]*pts)</td>', comparison)
    assert differences
    assert all(re.fullmatch(r"[+\u2212]?\d+ pts", value) for value in differences)
    assert not re.search(r'<td class="number">[+\u2212-]\d+ %', comparison)
