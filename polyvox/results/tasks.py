"""Background jobs of results: recompute the snapshot, write a PDF report."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from polyvox.core.translation import language_name_in_sentence
from polyvox.dialogues.models import Dialogue, Question, Site
from polyvox.jobs.models import Job
from polyvox.jobs.registry import JobOutcome, JobResult, ProgressReporter, job_handler, job_outcome
from polyvox.results.figures import Filters, SnapshotReader, question_figures
from polyvox.results.job_records import (
    RecomputeParams,
    RecomputeSummary,
    ReportParams,
    ReportSummary,
    ThemesParams,
    ThemesSummary,
)
from polyvox.results.models import Report, ResultsSnapshot
from polyvox.results.reports import report_create
from polyvox.results.services import (
    RECOMPUTE,
    REPORT,
    THEMES,
    results_snapshot_refresh,
    themes_compute,
)
from polyvox.results.snapshot import load_snapshot


# The handlers take and return JSON objects: the jobs registry's contract (plain JSON);
# each parses its parameters and builds its result through the records in job_records.
@job_handler(RECOMPUTE)
def recompute(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    parsed = RecomputeParams.model_validate(params)
    dialogue = Dialogue.objects.get(id=parsed.dialogue_id)
    snapshot = results_snapshot_refresh(dialogue=dialogue)
    report(0.5, "charts")
    snapshot_warm_charts(dialogue=dialogue, snapshot=snapshot)
    totals = load_snapshot(snapshot.data).totals
    return RecomputeSummary(computed_at=snapshot.computed_at.isoformat(), **totals).model_dump()


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
def write_report(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    parsed = ReportParams.model_validate(params)
    dialogue = Dialogue.objects.get(id=parsed.dialogue_id)
    # A retry of a job whose worker died after storing the report (before the job was
    # marked done) finds it: one report per request, never a second.
    created = (
        Report.objects.filter(dialogue=dialogue, request_key=parsed.request_key).first()
        if parsed.request_key
        else None
    )
    if created is None:
        snapshot = ResultsSnapshot.objects.filter(dialogue=dialogue).first()
        if snapshot is None:
            snapshot = results_snapshot_refresh(dialogue=dialogue)
        report(0.2, "rendering")
        created = report_create(
            dialogue=dialogue,
            snapshot=snapshot,
            scope=parsed.scope,
            language=parsed.language,
            request_key=parsed.request_key,
        )
    return ReportSummary(
        report_id=created.id,
        scope=created.scope,
        language=created.language,
        pages=created.pages,
        slug=dialogue.slug,
    ).model_dump()


@job_handler(THEMES)
def compute_themes(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    parsed = ThemesParams.model_validate(params)
    dialogue = Dialogue.objects.get(id=parsed.dialogue_id)
    site = Site.objects.get(id=parsed.site_id) if parsed.site_id else None
    question = Question.objects.get(id=parsed.question_id) if parsed.question_id else None
    themes = themes_compute(
        dialogue=dialogue, site=site, question=question, report=report, notes=parsed.notes
    )
    return ThemesSummary(
        themes=len(themes),
        texts=sum(theme.size for theme in themes),
        slug=dialogue.slug,
        site=site.slug if site else "",
    ).model_dump()


# How each job's page ends: what came of it and a link to the result.
@job_outcome(RECOMPUTE, title=gettext_lazy("Recompute the results"))
def recompute_outcome(job: Job) -> JobOutcome:
    summary = RecomputeSummary.model_validate(job.result)
    assert job.dialogue is not None  # recomputations always belong to a dialogue
    return JobOutcome(
        summary=ngettext(
            "The results are recomputed: %(count)s citizen counted.",
            "The results are recomputed: %(count)s citizens counted.",
            summary.participants,
        )
        % {"count": summary.participants},
        link_url=reverse("results:results", args=[job.dialogue.slug]),
        link_label=_("See the results"),
    )


@job_outcome(REPORT, title=gettext_lazy("Write a PDF report"))
def report_outcome(job: Job) -> JobOutcome:
    summary = ReportSummary.model_validate(job.result)
    scope = (
        _("all countries")
        if summary.scope == Report.GLOBAL
        else str(countries.name(summary.scope)) or summary.scope
    )
    facts = {"scope": scope, "language": language_name_in_sentence(summary.language)}
    return JobOutcome(
        summary=_("The PDF report on %(scope)s, in %(language)s, is ready.") % facts,
        link_url=reverse("results:report", args=[summary.slug, summary.report_id]),
        link_label=_("Download the PDF report"),
    )


@job_outcome(THEMES, title=gettext_lazy("Find the themes of the written answers"))
def themes_outcome(job: Job) -> JobOutcome:
    summary = ThemesSummary.model_validate(job.result)
    found = ngettext(
        "%(count)s theme found in %(texts)s texts.",
        "%(count)s themes found in %(texts)s texts.",
        summary.themes,
    ) % {"count": summary.themes, "texts": summary.texts}
    url = (
        reverse("results:site-themes", args=[summary.slug, summary.site])
        if summary.site
        else reverse("results:themes", args=[summary.slug])
    )
    return JobOutcome(summary=found, link_url=url, link_label=_("See and edit the themes"))
