"""Themes of open answers and recommendations: computed, merged, renamed and quoted by
organisers (the whole dialogue) and hosts (their own site)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polyvox.accounts.models import User
from polyvox.dialogues.models import Dialogue, Question, Site, dialogue_languages
from polyvox.lib.spreadsheets import csv_row
from polyvox.results.access import access_theme_for_editor, access_theme_scope_for_editor
from polyvox.results.forms import ThemeForm, ThemeMergeForm, ThemeScopeForm
from polyvox.results.selectors import (
    QUOTE_MIN_TEXTS,
    RECOMMENDATIONS,
    open_answers_with_themes,
    open_questions,
    theme_texts_by_id,
    themes_for_editor,
    themes_in_scope,
)
from polyvox.results.services import (
    ThemeEditError,
    results_export_record,
    theme_update,
    themes_merge,
    themes_request,
)


def _editor_url(dialogue: Dialogue, site: Site | None) -> str:
    if site is None:
        return reverse("results:themes", args=[dialogue.slug])
    return reverse("results:site-themes", args=[dialogue.slug, site.slug])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def themes_editor(request: HttpRequest, slug: str, site_slug: str = "") -> HttpResponse:
    dialogue, site = access_theme_scope_for_editor(
        user=request.user, slug=slug, site_slug=site_slug
    )
    by_source = themes_for_editor(dialogue=dialogue, site=site)
    sources: list[dict[str, Any]] = [
        {"key": question.key, "question": question, "themes": by_source.get(question.id, [])}
        for question in open_questions(dialogue=dialogue)
    ]
    sources.append({"key": RECOMMENDATIONS, "question": None, "themes": by_source.get(None, [])})
    context = {
        "dialogue": dialogue,
        "site": site,
        "sources": sources,
        "quote_min": QUOTE_MIN_TEXTS,
        "export_url": _editor_url(dialogue, site) + "export/",
    }
    return render(request, "results/themes.html", context)


def _source_question(dialogue: Dialogue, key: str) -> Question | None:
    if key == RECOMMENDATIONS:
        return None
    question = open_questions(dialogue=dialogue).filter(key=key).first()
    if question is None:
        raise Http404("No such open question.")
    return question


@require_POST
@login_required
def themes_compute(request: HttpRequest, slug: str) -> HttpResponse:
    form = ThemeScopeForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    dialogue, site = access_theme_scope_for_editor(
        user=request.user, slug=slug, site_slug=form.cleaned_data["site"]
    )
    question = _source_question(dialogue, form.cleaned_data["source"] or RECOMMENDATIONS)
    job = themes_request(dialogue=dialogue, site=site, question=question, created_by=_user(request))
    return redirect("jobs:detail", job_id=job.id)


@require_POST
@login_required
def themes_merge_view(request: HttpRequest, slug: str) -> HttpResponse:
    form = ThemeMergeForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    dialogue, site = access_theme_scope_for_editor(
        user=request.user, slug=slug, site_slug=form.cleaned_data["site"]
    )
    themes = themes_in_scope(dialogue=dialogue, site=site, ids=form.cleaned_data["theme"])
    try:
        themes_merge(themes=themes, actor=_user(request))
    except ThemeEditError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The themes were merged."))
    return redirect(_editor_url(dialogue, site))


@login_required
def theme_edit(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    theme = access_theme_for_editor(user=request.user, slug=slug, theme_id=theme_id)
    texts = list(theme_texts_by_id(theme.members).values())
    form = ThemeForm(
        request.POST if request.method == "POST" else None,
        theme=theme,
        texts=texts,
        languages=dialogue_languages(theme.dialogue),
    )
    if request.method == "POST" and form.is_valid():
        try:
            theme_update(
                theme=theme,
                title=form.cleaned_data["title"],
                quote_ids=form.cleaned_data["quotes"],
                actor=_user(request),
            )
        except ThemeEditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The theme was saved."))
            return redirect(_editor_url(theme.dialogue, theme.site))
    context = {
        "dialogue": theme.dialogue,
        "theme": theme,
        "form": form,
        "quote_min": QUOTE_MIN_TEXTS,
        "back": _editor_url(theme.dialogue, theme.site),
    }
    return render(request, "results/theme_edit.html", context)


@login_required
def themes_export(request: HttpRequest, slug: str, site_slug: str = "") -> HttpResponse:
    """Every open answer and recommendation with its theme, for the organisers' own reading:
    whole texts, which the public pages never show."""
    dialogue, site = access_theme_scope_for_editor(
        user=request.user, slug=slug, site_slug=site_slug
    )
    results_export_record(
        dialogue=dialogue, actor=_user(request), dataset="open-answers", fmt="csv", site=site
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "text_id", "language", "theme", "theme_title", "text"])
    writer.writerows(csv_row(row) for row in open_answers_with_themes(dialogue=dialogue, site=site))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"polyvox-{dialogue.slug}{'-' + site.slug if site else ''}-open-answers.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
