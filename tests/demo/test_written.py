"""The demo's written reports and record of impact."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from polyvox.demo import results as demo_results
from polyvox.demo import written as demo
from polyvox.results.models import ImpactEntry, Report, ReportSection, WrittenReport
from tests.conftest import World
from tests.results.conftest import Results


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_an_approved_global_report_a_french_one_awaiting_approval_and_three_impact_entries(
    world: World, results: Results
) -> None:
    demo.load(dialogue=results.dialogue)
    demo.load(dialogue=results.dialogue)  # a second run adds nothing
    global_report = WrittenReport.objects.get(dialogue=results.dialogue, scope="global")
    assert set(global_report.sections.values_list("status", flat=True)) == {"approved"}
    france = WrittenReport.objects.get(dialogue=results.dialogue, scope="FR")
    assert set(france.sections.values_list("status", flat=True)) == {"submitted"}
    assert set(france.sections.values_list("language", flat=True)) == {"fr"}
    assert ImpactEntry.objects.filter(dialogue=results.dialogue).count() == 3
    assert ReportSection.objects.filter(approved_text__contains="[[figure:agree]]").exists()

    demo_results.load(dialogue=results.dialogue)  # publishes the results, writes the PDFs
    page = Client().get(reverse("results:written-public", args=["own", "global", "en"]))
    assert page.status_code == 200
    assert "Citizens want a <em>say</em>" in page.content.decode()
    assert (
        Client().get(reverse("results:written-public", args=["own", "FR", "fr"])).status_code == 404
    )
    assert Report.objects.filter(dialogue=results.dialogue, scope="global").exists()
    impact = Client().get(reverse("results:impact", args=["own"])).content.decode()
    assert "Ministry of Digital Affairs (demo)" in impact
