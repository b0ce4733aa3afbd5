"""Reports people write: sections, their tiny markup, figure references and the workflow.

A section's text is plain text with a very small markup, never HTML:
- paragraphs are separated by a blank line;
- a paragraph whose every line starts with "- " is a bulleted list;
- `*words*` is emphasis and `**words**` strong emphasis;
- `[[figure:question-key]]` and `[[chart:question-key]]` insert that question's table of
  shares or its chart, read from the current results when the report is shown, so they
  follow the results until those are published as final.
Everything else is escaped. Workflow: draft → submitted → approved by an organiser;
editing an approved section puts its working text back to draft, and the approved version
stays public until a new one is approved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.core.translation import pick_text
from polyvox.dialogues.models import Dialogue, Question, Session
from polyvox.results.figures import Filters, QuestionFigure, SnapshotReader, question_figures
from polyvox.results.models import (
    ReportSection,
    ResultsSnapshot,
    WrittenReport,
    snapshot_charts_load,
)

REFERENCE_KINDS = ("figure", "chart")
# Anything between double brackets is meant as a reference: a wrong one is refused, never
# shown as it is.
CANDIDATE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
REFERENCE = re.compile(r"(figure|chart):([a-z0-9_-]{1,60})", re.IGNORECASE)
STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
EMPHASIS = re.compile(r"\*(\S(?:.*?\S)?)\*")
BULLET = re.compile(r"^[-*] +")

Resolver = Callable[[str, str], SafeString]


@dataclass(frozen=True, slots=True)
class Slot:
    """A section a report has: its kind and, for a session's section, the session."""

    kind: str
    session: Session | None
    label: str

    @property
    def key(self) -> str:
        return f"session-{self.session.pk}" if self.session is not None else self.kind


def report_slots(dialogue: Dialogue) -> list[Slot]:
    """Executive summary, key messages, one section per session, conclusions."""
    kinds = ReportSection.Kind
    sessions = [
        Slot(kinds.SESSION, session, pick_text(session.title) or session.key)
        for session in Session.objects.filter(dialogue=dialogue).order_by("position", "id")
    ]
    return [
        Slot(kinds.EXECUTIVE_SUMMARY, None, str(kinds.EXECUTIVE_SUMMARY.label)),
        Slot(kinds.KEY_MESSAGES, None, str(kinds.KEY_MESSAGES.label)),
        *sessions,
        Slot(kinds.CONCLUSIONS, None, str(kinds.CONCLUSIONS.label)),
    ]


def section_key(section: ReportSection) -> str:
    return f"session-{section.session_id}" if section.session_id else section.kind


# -- Markup -------------------------------------------------------------------------------


def references_in(text: str) -> list[str]:
    """Every `[[…]]` in the text, as written."""
    return [match.group(0) for match in CANDIDATE.finditer(text)]


def unknown_references(text: str, keys: Iterable[str]) -> list[str]:
    """References that name no question of the dialogue, or that are not references at all."""
    known = set(keys)
    unknown = []
    for written in references_in(text):
        match = REFERENCE.fullmatch(written[2:-2].strip())
        if match is None or match.group(2) not in known:
            unknown.append(written)
    return unknown


def _inline(text: str) -> SafeString:
    """Escaped text with emphasis; the markup is applied to escaped text only."""
    escaped = str(escape(text))
    escaped = STRONG.sub(r"<strong>\1</strong>", escaped)
    escaped = EMPHASIS.sub(r"<em>\1</em>", escaped)
    return mark_safe(escaped)  # noqa: S308 - built from escaped text and fixed tags only


def _block(paragraph: str) -> SafeString:
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if lines and all(BULLET.match(line) for line in lines):
        items = format_html_join(
            "", "<li>{}</li>", ((_inline(BULLET.sub("", line)),) for line in lines)
        )
        return format_html("<ul>{}</ul>", items)
    body = mark_safe("<br>".join(str(_inline(line)) for line in lines))  # noqa: S308 - escaped lines
    return format_html("<p>{}</p>", body)


def render_markup(text: str, resolve: Resolver) -> SafeString:
    """The section as safe HTML: references become their figure or chart, the rest is escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts: list[str] = []
    position = 0
    for match in CANDIDATE.finditer(text):
        parts.extend(_paragraphs(text[position : match.start()]))
        reference = REFERENCE.fullmatch(match.group(1).strip())
        if reference is None:
            parts.append(format_html("<p>{}</p>", match.group(0)))
        else:
            parts.append(resolve(reference.group(1).lower(), reference.group(2)))
        position = match.end()
    parts.extend(_paragraphs(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or rendered by a template


def _paragraphs(text: str) -> list[str]:
    return [str(_block(chunk)) for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]


def figure_resolver(figures: list[QuestionFigure], *, for_pdf: bool) -> Resolver:
    by_key = {figure.key: figure for figure in figures}

    def resolve(kind: str, key: str) -> SafeString:
        context = {"figure": by_key.get(key), "kind": kind, "key": key, "for_pdf": for_pdf}
        return mark_safe(render_to_string("results/written/_reference.html", context))  # noqa: S308 - autoescaped template

    return resolve


def scope_figures(
    *, dialogue: Dialogue, snapshot: ResultsSnapshot, scope: str
) -> list[QuestionFigure]:
    """The figures of the report's scope, read from the current snapshot."""
    reader = SnapshotReader(
        snapshot.data,
        source_language=dialogue.source_language,
        charts=snapshot_charts_load(snapshot.charts),
    )
    filters = Filters() if scope == WrittenReport.GLOBAL else Filters(country=scope)
    return question_figures(reader, filters)


def referable_questions(dialogue: Dialogue) -> list[Question]:
    """Questions whose shares a report may insert: every question with options."""
    return list(
        Question.objects.filter(session__dialogue=dialogue)
        .exclude(kind=Question.Kind.OPEN)
        .order_by("session__position", "position", "id")
    )


# -- Reads --------------------------------------------------------------------------------


def written_report(*, dialogue: Dialogue, scope: str) -> WrittenReport | None:
    return WrittenReport.objects.filter(dialogue=dialogue, scope=scope).first()


def sections_by_key(*, report: WrittenReport | None, language: str) -> dict[str, ReportSection]:
    if report is None:
        return {}
    return {section_key(section): section for section in report.sections.filter(language=language)}


def published_languages(*, report: WrittenReport, slots: list[Slot]) -> list[str]:
    """Languages in which every section has an approved version."""
    approved: dict[str, set[str]] = {}
    for section in report.sections.all():
        if not section.approved_text:
            continue
        approved.setdefault(section.language, set()).add(section_key(section))
    wanted = {slot.key for slot in slots}
    return sorted(language for language, keys in approved.items() if wanted <= keys)


@dataclass(frozen=True, slots=True)
class PublicSection:
    label: str
    kind: str
    html: SafeString


def approved_sections(
    *, report: WrittenReport, language: str, slots: list[Slot], resolve: Resolver
) -> list[PublicSection]:
    """The approved text of every section, in order; nothing while a section has none."""
    sections = sections_by_key(report=report, language=language)
    public = []
    for slot in slots:
        section = sections.get(slot.key)
        if section is None or not section.approved_text:
            return []
        public.append(
            PublicSection(slot.label, slot.kind, render_markup(section.approved_text, resolve))
        )
    return public


def published_reports(*, dialogue: Dialogue) -> list[tuple[WrittenReport, list[str]]]:
    """Every written report with at least one published language, with those languages."""
    reports = list(
        WrittenReport.objects.filter(dialogue=dialogue, sections__approved_text__gt="")
        .distinct()
        .prefetch_related("sections")
    )
    if not reports:
        return []  # one query for the results page while nothing is approved
    slots = report_slots(dialogue)
    found = []
    for report in reports:
        languages = published_languages(report=report, slots=slots)
        if languages:
            found.append((report, languages))
    return found


# -- Writes -------------------------------------------------------------------------------


@transaction.atomic
def sections_save(
    *, dialogue: Dialogue, scope: str, language: str, texts: Mapping[str, str], actor: User
) -> int:
    """Save the sections whose text changed; a changed section is a draft again. Returns how
    many changed."""
    report, _created = WrittenReport.objects.get_or_create(dialogue=dialogue, scope=scope)
    existing = sections_by_key(report=report, language=language)
    changed = 0
    for slot in report_slots(dialogue):
        if slot.key not in texts:
            continue
        text = texts[slot.key].replace("\r\n", "\n")
        section = existing.get(slot.key)
        if section is None:
            if not text.strip():
                continue
            section = ReportSection(
                report=report, kind=slot.kind, session=slot.session, language=language
            )
        elif section.text == text:
            continue
        section.text = text
        section.status = ReportSection.Status.DRAFT
        section.save()
        changed += 1
    if changed:
        _audit(actor, "results.written.save", report, language, changed)
    return changed


class WorkflowError(Exception):
    """A step the sections' state does not allow; the message says why."""


@transaction.atomic
def sections_submit(*, report: WrittenReport, language: str, actor: User) -> int:
    drafts = report.sections.filter(language=language, status=ReportSection.Status.DRAFT).exclude(
        text=""
    )
    count = drafts.update(status=ReportSection.Status.SUBMITTED)
    if not count:
        raise WorkflowError(_("There is no draft with text to submit."))
    _audit(actor, "results.written.submit", report, language, count)
    return count


@transaction.atomic
def sections_approve(*, report: WrittenReport, language: str, actor: User) -> int:
    """Approve every submitted section: its text becomes the public version."""
    submitted = list(
        report.sections.select_for_update().filter(
            language=language, status=ReportSection.Status.SUBMITTED
        )
    )
    if not submitted:
        raise WorkflowError(_("No section is waiting for approval."))
    now = timezone.now()
    for section in submitted:
        section.approved_text = section.text
        section.approved_at = now
        section.status = ReportSection.Status.APPROVED
        section.save(update_fields=["approved_text", "approved_at", "status", "updated_at"])
    _audit(actor, "results.written.approve", report, language, len(submitted))
    return len(submitted)


@transaction.atomic
def sections_return(*, report: WrittenReport, language: str, actor: User) -> int:
    """Send submitted sections back to their writers as drafts."""
    count = report.sections.filter(language=language, status=ReportSection.Status.SUBMITTED).update(
        status=ReportSection.Status.DRAFT
    )
    if not count:
        raise WorkflowError(_("No section is waiting for approval."))
    _audit(actor, "results.written.return", report, language, count)
    return count


def _audit(actor: User, action: str, report: WrittenReport, language: str, count: int) -> None:
    audit_record(
        actor=actor,
        action=action,
        dialogue=report.dialogue,
        target=f"written-report:{report.pk}",
        details={"scope": report.scope, "language": language, "sections": count},
    )


def written_for_pdf(
    *, dialogue: Dialogue, scope: str, language: str, figures: list[QuestionFigure]
) -> list[PublicSection]:
    """The approved sections of the scope's report in this language, when it is published;
    the PDF then shows them instead of the generated summary."""
    report = written_report(dialogue=dialogue, scope=scope)
    if report is None:
        return []
    return approved_sections(
        report=report,
        language=language,
        slots=report_slots(dialogue),
        resolve=figure_resolver(figures, for_pdf=True),
    )
