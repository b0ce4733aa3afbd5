"""PDF reports for decision-makers, written with WeasyPrint from the results snapshot."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from typing import NotRequired, TypedDict

import vl_convert
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from polyvox.dialogues.licences import LicenceInfo, licence_info
from polyvox.dialogues.models import Dialogue
from polyvox.dialogues.selectors import PartnerGroup, dialogue_partner_groups
from polyvox.results.evaluation import EvaluationResults, evaluation_chapter
from polyvox.results.figures import Filters, QuestionFigure, SnapshotReader, question_figures
from polyvox.results.models import Report, ResultsSnapshot, snapshot_charts_load
from polyvox.results.reference_data import ReferenceNote, reference_note, reference_used
from polyvox.results.selectors import QUOTE_MIN_TEXTS, ThemeSource, themes_for_readers
from polyvox.results.snapshot import ReferenceRecord, Totals
from polyvox.results.written_reports import PublicSection, written_for_pdf


@dataclass(frozen=True, slots=True)
class ParticipationLine:
    """Participants of one country beside its share of the population of all of them."""

    country: str
    participants: int
    participant_share: float | None
    population: int | None
    population_share: float | None


@dataclass(frozen=True, slots=True)
class RankingEntry:
    rank: int
    label: str
    points: float
    approval_share: float | None


@dataclass(frozen=True, slots=True)
class RankingTable:
    question: str
    rows: list[RankingEntry]


class ReportContext(TypedDict):
    """What results/report.html reads."""

    dialogue: Dialogue
    snapshot: ResultsSnapshot
    scope: str
    scope_label: str
    figures: list[QuestionFigure]
    participation: list[ParticipationLine]
    rankings: list[RankingTable]
    partner_groups: list[PartnerGroup]
    totals: Totals
    theme_sources: list[ThemeSource]
    quote_min: int
    licence: LicenceInfo
    reference: ReferenceNote
    evaluation: EvaluationResults  # its own chapter (polyvox.results.evaluation)
    language: NotRequired[str]  # set by report_render
    # Set by report_render: the approved written sections, and the record of impact.
    written: NotRequired[list[PublicSection]]
    impact_url: NotRequired[str]


def report_context(*, dialogue: Dialogue, snapshot: ResultsSnapshot, scope: str) -> ReportContext:
    reader = SnapshotReader(
        snapshot.data,
        source_language=dialogue.source_language,
        charts=snapshot_charts_load(snapshot.charts),
    )
    filters = Filters() if scope == Report.GLOBAL else Filters(country=scope)
    figures = question_figures(reader, filters)
    reference = reference_used(dialogue=dialogue, recorded=reader.snapshot.reference)
    for figure in figures:
        # The page inlines the SVG; the PDF gets it drawn by resvg (vl_convert), which
        # shapes Arabic and Devanagari and orders right-to-left labels, where WeasyPrint's
        # own SVG text drawing sets them letter by letter, unjoined and reversed.
        for chart in figure.charts:
            png = vl_convert.svg_to_png(str(chart.svg), scale=2)
            chart.image = f"data:image/png;base64,{base64.b64encode(png).decode()}"
    return {
        "dialogue": dialogue,
        "snapshot": snapshot,
        "scope": scope,
        "scope_label": reader.group_label("global" if scope == Report.GLOBAL else "country", scope),
        "figures": figures,
        "participation": participation_rows(reader, reference),
        "rankings": ranking_rows(reader, filters),
        "partner_groups": dialogue_partner_groups(dialogue=dialogue),
        "totals": reader.snapshot.totals,
        "theme_sources": [
            source
            for source in themes_for_readers(
                dialogue=dialogue, country="" if scope == Report.GLOBAL else scope
            )
            # A local topic's themes belong to its own country's report only.
            if source.question is None
            or source.question.site is None
            or (scope != Report.GLOBAL and source.question.site.country == scope)
        ],
        "quote_min": QUOTE_MIN_TEXTS,
        "licence": licence_info(dialogue.licence),
        "reference": reference_note(reference),
        "evaluation": evaluation_chapter(dialogue=dialogue, scope=scope),
    }


def participation_rows(
    reader: SnapshotReader, reference: ReferenceRecord
) -> list[ParticipationLine]:
    """Participants per country beside the country's share of the population of all of them
    (the populations the figures were computed with; none for a country without a figure)."""
    people: dict[str, int] = {}
    for row in reader.snapshot.shares:
        if row.level == "country" and row.weighting == "pooled" and row.n is not None:
            people[row.group] = max(people.get(row.group, 0), row.n)
    countries = reference["countries"]
    populations = {c: (countries[c]["population"] or 0) if c in countries else 0 for c in people}
    total_people, total_population = sum(people.values()), sum(populations.values())
    return [
        ParticipationLine(
            country=reader.group_label("country", country),
            participants=count,
            participant_share=count / total_people if total_people else None,
            population=populations[country] or None,
            population_share=(populations[country] / total_population)
            if total_population
            else None,
        )
        for country, count in sorted(people.items(), key=lambda item: -item[1])
    ]


def ranking_rows(reader: SnapshotReader, filters: Filters | None = None) -> list[RankingTable]:
    questions = {q["key"]: q for q in reader.snapshot.questions}
    rankings = []
    for key, rows in reader.snapshot.rankings.items():
        question = questions.get(key)
        if question is None or not reader.shown_in(question, filters or Filters()):
            continue
        labels = dict(reader.option_labels(question))
        rankings.append(
            RankingTable(
                question=reader.question_text(question),
                rows=[
                    RankingEntry(
                        rank=rank,
                        label=labels.get(option, option),
                        points=points,
                        approval_share=approval,
                    )
                    for option, rank, points, approval in rows
                ],
            )
        )
    return rankings


def report_render(
    *, dialogue: Dialogue, snapshot: ResultsSnapshot, scope: str, language: str
) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    from weasyprint import HTML  # imported here: it loads fonts and is only needed by jobs

    # WeasyPrint logs every layout step at INFO; the job's own progress is enough.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    with translation.override(language):
        context = report_context(dialogue=dialogue, snapshot=snapshot, scope=scope)
        context["language"] = language
        context["written"] = written_for_pdf(
            dialogue=dialogue, scope=scope, language=language, figures=context["figures"]
        )
        context["impact_url"] = settings.SITE_URL.rstrip("/") + reverse(
            "results:impact", args=[dialogue.slug]
        )
        html = render_to_string("results/report.html", context)
    document = HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


def report_create(
    *,
    dialogue: Dialogue,
    snapshot: ResultsSnapshot,
    scope: str,
    language: str,
    request_key: str = "",
) -> Report:
    """Render and store one report. With a `request_key` (its job's), the file is named
    after the request and the row is the commit point: a row only ever names a complete
    file, and an attempt that died while writing left its file at this very name, which
    the next attempt replaces instead of leaving a second, half-written one beside it."""
    pdf, pages = report_render(dialogue=dialogue, snapshot=snapshot, scope=scope, language=language)
    stamp = request_key or timezone.now().strftime("%Y%m%d-%H%M%S")
    report = Report(
        dialogue=dialogue, scope=scope, language=language, pages=pages, request_key=request_key
    )
    filename = f"{dialogue.slug}-{scope}-{language}-{stamp}.pdf"
    storage = report.file.storage
    stored_as = report.file.field.generate_filename(report, filename)
    if request_key and storage.exists(stored_as):
        storage.delete(stored_as)
    report.file.save(filename, ContentFile(pdf), save=False)
    # The unique request key refuses a second row, should an attempt the sweep gave up on
    # still be running beside its retry.
    report.save()
    return report
