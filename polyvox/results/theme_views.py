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
from polyvox.core.confirm import confirm_page
from polyvox.core.translation import pick_text
from polyvox.dialogues.models import Dialogue, Question, Site, dialogue_languages
from polyvox.lib.spreadsheets import csv_row
from polyvox.results.access import access_theme_for_editor, access_theme_scope_for_editor
from polyvox.results.forms import ThemeForm, ThemeMergeForm, ThemeScopeForm
from polyvox.results.models import NOTES_SOURCE, Theme, theme_strings_load
from polyvox.results.selectors import (
    QUOTE_MIN_TEXTS,
    RECOMMENDATIONS,
    open_answers_with_themes,
    open_questions,
    theme_is_named,
    theme_merge_suggestions,
    theme_missing_names,
    theme_name_languages,
    theme_texts_by_id,
    themes_for_editor,
    themes_in_scope,
)
from polyvox.results.services import (
    ThemeEditError,
    results_export_record,
    theme_title,
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
    keys: list[tuple[str, Question | None, int | str | None]] = [
        (question.key, question, question.id) for question in open_questions(dialogue=dialogue)
    ]
    keys += [(RECOMMENDATIONS, None, None), (NOTES_SOURCE, None, NOTES_SOURCE)]
    languages = theme_name_languages(dialogue=dialogue)
    main = dialogue.source_language
    sources: list[dict[str, Any]] = [
        {
            "key": key,
            "question": question,
            "notes": key == NOTES_SOURCE,
            "themes": [_editor_row(theme, languages, main) for theme in by_source.get(id_, [])],
            "suggestions": theme_merge_suggestions(by_source.get(id_, []), main_language=main),
        }
        for key, question, id_ in keys
    ]
    context = {
        "dialogue": dialogue,
        "site": site,
        "sources": sources,
        "main_language": main,
        "quote_min": QUOTE_MIN_TEXTS,
        "export_url": _editor_url(dialogue, site) + "export/",
    }
    return render(request, "results/themes.html", context)


def _editor_row(theme: Theme, languages: list[str], main: str) -> dict[str, Any]:
    """A theme as the editor lists it: its name or, until named, its label terms as a
    suggestion; and the languages its name still lacks."""
    return {
        "theme": theme,
        "named": theme_is_named(theme, main),
        "suggestion": theme_title(theme_strings_load(theme.label_terms)),
        "missing": theme_missing_names(theme, languages),
    }


def _source_question(dialogue: Dialogue, key: str) -> Question | None:
    if key in (RECOMMENDATIONS, NOTES_SOURCE):
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
    key = form.cleaned_data["source"] or RECOMMENDATIONS
    job = themes_request(
        dialogue=dialogue,
        site=site,
        question=_source_question(dialogue, key),
        created_by=_user(request),
        notes=key == NOTES_SOURCE,
    )
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
    themes = themes_in_scope(dialogue=dialogue, site=site, ids=form.theme_ids())
    if len(themes) >= 2 and not form.confirmed:
        return _merge_confirm(request, form, themes, _editor_url(dialogue, site))
    try:
        themes_merge(themes=themes, actor=_user(request))
    except ThemeEditError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The themes were merged."))
    return redirect(_editor_url(dialogue, site))


def _merge_confirm(
    request: HttpRequest, form: ThemeMergeForm, themes: list[Theme], back: str
) -> HttpResponse:
    main = themes[0].dialogue.source_language
    names = [
        pick_text(theme.title, main) or theme_title(theme_strings_load(theme.label_terms))
        for theme in sorted(themes, key=lambda theme: (theme.position, theme.id))
    ]
    return confirm_page(
        request,
        form=form.for_confirmation(),
        question=_("Merge these %(count)d themes?") % {"count": len(themes)},
        consequences=[
            "; ".join(names),
            _(
                "They become one theme with every text: the first keeps its place and names, "
                "the others' names fill the languages it lacks. Computing the themes again "
                "undoes it."
            ),
        ],
        confirm_label=_("Merge them"),
        cancel_url=back,
    )


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
        "named": theme_is_named(theme, theme.dialogue.source_language),
        "suggestion": theme_title(theme_strings_load(theme.label_terms)),
        "main_language": theme.dialogue.source_language,
        "missing": theme_missing_names(theme, theme_name_languages(dialogue=theme.dialogue)),
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
