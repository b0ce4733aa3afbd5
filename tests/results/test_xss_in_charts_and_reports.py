"""Question and option texts reach the charts (SVG drawn by Vega-Lite) and the PDF
reports: there too a payload is text, never markup."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from polyvox.dialogues.models import Option, Question
from polyvox.results.models import ResultsSnapshot
from polyvox.results.reports import report_context
from polyvox.results.services import results_snapshot_refresh
from tests.results.conftest import Results
from tests.results.test_pages import publish
from tests.xss import LIVE_MARKERS, PAYLOAD

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_results(results: Results) -> Results:
    Question.objects.filter(id=results.agree.id).update(text={"en": f"Agree? {PAYLOAD}"})
    Option.objects.filter(question=results.agree).update(text={"en": f"Yes {PAYLOAD}"})
    publish(results)
    results_snapshot_refresh(dialogue=results.dialogue)
    return results


def test_the_results_page_and_its_charts_show_payloads_as_text(
    client: Client, hostile_results: Results
) -> None:
    page = client.get(reverse("results:results", args=["own"])).content.decode()
    charts = re.findall(r"<svg.*?</svg>", page, re.DOTALL)
    assert any("Yes &quot;&gt;&lt;svg" in chart for chart in charts)  # drawn, escaped
    for marker in LIVE_MARKERS:
        assert marker not in page


def test_the_report_html_shows_payloads_as_text(hostile_results: Results) -> None:
    snapshot = ResultsSnapshot.objects.get(dialogue=hostile_results.dialogue)
    with translation.override("en"):
        context = report_context(
            dialogue=hostile_results.dialogue, snapshot=snapshot, scope="global"
        )
        html = render_to_string("results/report.html", {**context, "language": "en"})
    assert "Yes &quot;&gt;&lt;svg" in html
    for marker in LIVE_MARKERS:
        assert marker not in html
