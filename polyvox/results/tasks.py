"""Background jobs of results: recompute the snapshot, write a PDF report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from polyvox.dialogues.models import Dialogue, Question, Site
from polyvox.jobs.registry import JobResult, ProgressReporter, job_handler
from polyvox.results.figures import Filters, SnapshotReader, question_figures
from polyvox.results.models import ResultsSnapshot
from polyvox.results.reports import report_create
from polyvox.results.services import (
    RECOMPUTE,
    REPORT,
    THEMES,
    results_snapshot_refresh,
    themes_compute,
)
from polyvox.results.snapshot import load_snapshot


@job_handler(RECOMPUTE)
def recompute(params: dict[str, Any], report: ProgressReporter) -> JobResult:
    dialogue = Dialogue.objects.get(id=params["dialogue_id"])
    snapshot = results_snapshot_refresh(dialogue=dialogue)
    report(0.5, "charts")
    snapshot_warm_charts(dialogue=dialogue, snapshot=snapshot)
    totals = load_snapshot(snapshot.data).totals
    return {"computed_at": snapshot.computed_at.isoformat(), **totals}


def snapshot_warm_charts(*, dialogue: Dialogue, snapshot: ResultsSnapshot) -> None:
    """Draw the default page's charts in every language now, so the first visitor waits for none."""
    charts: dict[str, str] = {}
    reader = SnapshotReader(snapshot.data, source_language=dialogue.source_language, charts=charts)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            question_figures(reader, Filters())
    snapshot.charts = charts
    snapshot.save(update_fields=["charts"])


@job_handler(REPORT)
def write_report(params: dict[str, Any], report: ProgressReporter) -> JobResult:
    dialogue = Dialogue.objects.get(id=params["dialogue_id"])
    snapshot = ResultsSnapshot.objects.filter(dialogue=dialogue).first()
    if snapshot is None:
        snapshot = results_snapshot_refresh(dialogue=dialogue)
    report(0.2, "rendering")
    created = report_create(
        dialogue=dialogue, snapshot=snapshot, scope=params["scope"], language=params["language"]
    )
    return {
        "report_id": created.id,
        "scope": created.scope,
        "language": created.language,
        "pages": created.pages,
        "slug": dialogue.slug,
    }


@job_handler(THEMES)
def compute_themes(params: dict[str, Any], report: ProgressReporter) -> JobResult:
    dialogue = Dialogue.objects.get(id=params["dialogue_id"])
    site = Site.objects.get(id=params["site_id"]) if params.get("site_id") else None
    question = Question.objects.get(id=params["question_id"]) if params.get("question_id") else None
    themes = themes_compute(dialogue=dialogue, site=site, question=question, report=report)
    return {
        "themes": len(themes),
        "texts": sum(theme.size for theme in themes),
        "slug": dialogue.slug,
        "site": site.slug if site else "",
    }
