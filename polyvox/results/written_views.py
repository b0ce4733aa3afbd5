"""Pages of the reports people write: the writers' index and editor, the organisers'
approval, and the public page of each published language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polyvox.accounts.models import User
from polyvox.dialogues.models import Dialogue, dialogue_languages
from polyvox.results.figures import SnapshotReader
from polyvox.results.models import ReportSection, ResultsSnapshot, WrittenReport
from polyvox.results.reference_data import reference_note, reference_used
from polyvox.results.selectors import results_snapshot
from polyvox.results.services import results_snapshot_refresh
from polyvox.results.written_access import (
    access_dialogue_for_writer,
    access_scope_for_writer,
    access_written_report_for_reader,
    writable_scopes,
)
from polyvox.results.written_forms import SectionsForm, WorkflowForm
from polyvox.results.written_reports import (
    WorkflowError,
    approved_sections,
    figure_resolver,
    published_languages,
    referable_questions,
    report_slots,
    scope_figures,
    sections_approve,
    sections_by_key,
    sections_return,
    sections_save,
    sections_submit,
    written_report,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _snapshot(dialogue: Dialogue) -> ResultsSnapshot:
    return results_snapshot(dialogue=dialogue) or results_snapshot_refresh(dialogue=dialogue)


def scope_label(scope: str) -> str:
    if scope == WrittenReport.GLOBAL:
        return _("Global report")
    reader = SnapshotReader({}, source_language="en")
    return _("Country report: %(country)s") % {"country": reader.group_label("country", scope)}


@login_required
def written_index(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_writer(user=request.user, slug=slug)
    slots = report_slots(dialogue)
    languages = dialogue_languages(dialogue)
    reports = {r.scope: r for r in WrittenReport.objects.filter(dialogue=dialogue)}
    rows = []
    for scope in writable_scopes(user=request.user, dialogue=dialogue):
        report = reports.get(scope)
        published = published_languages(report=report, slots=slots) if report else []
        statuses = []
        for language in languages:
            sections = sections_by_key(report=report, language=language)
            counts = dict.fromkeys(ReportSection.Status.values, 0)
            for section in sections.values():
                counts[section.status] += 1
            statuses.append((language, counts, language in published))
        rows.append((scope, scope_label(scope), statuses))
    context = {"dialogue": dialogue, "rows": rows, "slots": len(slots)}
    return render(request, "results/written/index.html", context)


def _editor_url(dialogue: Dialogue, scope: str, language: str) -> str:
    return reverse("results:written-edit", args=[dialogue.slug, scope, language])


@login_required
def written_edit(request: HttpRequest, slug: str, scope: str, language: str) -> HttpResponse:
    writing = access_scope_for_writer(user=request.user, slug=slug, scope=scope, language=language)
    dialogue = writing.dialogue
    slots = report_slots(dialogue)
    report = written_report(dialogue=dialogue, scope=scope)
    sections = sections_by_key(report=report, language=language)
    questions = referable_questions(dialogue)
    form = SectionsForm(
        request.POST if request.method == "POST" else None,
        slots=slots,
        texts={key: section.text for key, section in sections.items()},
        question_keys=[question.key for question in questions],
    )
    if request.method == "POST" and form.is_valid():
        changed = sections_save(
            dialogue=dialogue,
            scope=scope,
            language=language,
            texts=form.texts(),
            actor=_user(request),
        )
        messages.success(
            request,
            _("%(count)d sections saved as drafts.") % {"count": changed}
            if changed
            else _("Nothing changed."),
        )
        return redirect(_editor_url(dialogue, scope, language))
    snapshot = _snapshot(dialogue)
    with translation.override(language):
        figures = scope_figures(dialogue=dialogue, snapshot=snapshot, scope=scope)
    context = {
        "dialogue": dialogue,
        "scope": scope,
        "scope_label": scope_label(scope),
        "language": language,
        "languages": dialogue_languages(dialogue),
        "form": form,
        "fields": [(slot, form[slot.key], sections.get(slot.key)) for slot in slots],
        "questions": questions,
        "figures": figures,
        "can_approve": writing.can_approve,
        "submitted": any(s.status == ReportSection.Status.SUBMITTED for s in sections.values()),
        "drafts": any(s.status == ReportSection.Status.DRAFT and s.text for s in sections.values()),
        "published": report is not None
        and language in published_languages(report=report, slots=slots),
    }
    return render(request, "results/written/edit.html", context)


@require_POST
@login_required
def written_workflow(request: HttpRequest, slug: str, scope: str, language: str) -> HttpResponse:
    writing = access_scope_for_writer(user=request.user, slug=slug, scope=scope, language=language)
    form = WorkflowForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    action = form.cleaned_data["action"]
    if action != "submit" and not writing.can_approve:
        raise Http404("Only organisers approve.")
    report = written_report(dialogue=writing.dialogue, scope=scope)
    if report is None:
        raise Http404("No such report.")
    step = {"submit": sections_submit, "approve": sections_approve, "return": sections_return}
    done = {
        "submit": _("%(count)d sections submitted for approval."),
        "approve": _("%(count)d sections approved: their text is now public."),
        "return": _("%(count)d sections sent back to their writers."),
    }
    try:
        count = step[action](report=report, language=language, actor=_user(request))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done[action] % {"count": count})
    return redirect(_editor_url(writing.dialogue, scope, language))


def written_public(request: HttpRequest, slug: str, scope: str, language: str) -> HttpResponse:
    report = access_written_report_for_reader(user=request.user, slug=slug, scope=scope)
    dialogue: Dialogue = report.dialogue
    slots = report_slots(dialogue)
    languages = published_languages(report=report, slots=slots)
    if language not in languages:
        raise Http404("This report is not published in this language.")
    snapshot = _snapshot(dialogue)
    with translation.override(language):
        figures = scope_figures(dialogue=dialogue, snapshot=snapshot, scope=scope)
        sections = approved_sections(
            report=report,
            language=language,
            slots=report_slots(dialogue),  # again, for the headings in the report's language
            resolve=figure_resolver(figures, for_pdf=False),
        )
    context = {
        "dialogue": dialogue,
        "report": report,
        "scope_label": scope_label(scope),
        "language": language,
        "languages": languages,
        "sections": sections,
        "snapshot": snapshot,
        "final": dialogue.status == Dialogue.Status.RESULTS_PUBLISHED,
        "reference": reference_note(
            reference_used(dialogue=dialogue, recorded=snapshot.data.get("reference"))
        ),
    }
    return render(request, "results/written/public.html", context)
