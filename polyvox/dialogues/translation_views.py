"""The translation pages: what is missing or outdated per language and site, with a link to
fix each text, and XLIFF files out to translators and back in. Organisers work on every
language of their dialogue; hosts on the languages of their site."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from polyvox.core.translation import language_name
from polyvox.dialogues.access import access_dialogue_for_organiser, access_site_for_host
from polyvox.dialogues.models import Dialogue, Site
from polyvox.dialogues.translations import (
    translation_status,
    translations_export,
    translations_import,
)
from polyvox.lib.problems import ProblemsError

MAX_XLIFF_BYTES = 5 * 1024 * 1024


class XliffUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated XLIFF file"),
        error_messages={"required": gettext_lazy("Choose a file.")},
    )

    def clean_file(self) -> forms.Field:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_XLIFF_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload  # type: ignore[no-any-return]


@require_http_methods(["GET", "POST"])
@login_required
def dialogue_translations(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
    sites = list(dialogue.sites.all())
    return _page(
        request,
        dialogue,
        sites,
        here=reverse("dialogues:translations", args=[dialogue.id]),
        export_url=lambda code: reverse("dialogues:translations-export", args=[dialogue.id, code]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def site_translations(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    return _page(
        request,
        site.dialogue,
        [site],
        here=reverse("dialogues:site-translations", args=[site.id]),
        export_url=lambda code: reverse("dialogues:site-translations-export", args=[site.id, code]),
    )


@login_required
def dialogue_translations_export(
    request: HttpRequest, dialogue_id: int, language: str
) -> HttpResponse:
    dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
    return _export(dialogue, list(dialogue.sites.all()), language)


@login_required
def site_translations_export(request: HttpRequest, site_id: int, language: str) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    return _export(site.dialogue, [site], language)


def _languages(dialogue: Dialogue, sites: list[Site]) -> set[str]:
    return {code for site in sites for code in site.languages} - {dialogue.source_language}


def _export(dialogue: Dialogue, sites: list[Site], language: str) -> HttpResponse:
    if language not in _languages(dialogue, sites):
        raise Http404("No such language here.")
    response = HttpResponse(
        translations_export(dialogue=dialogue, language=language),
        content_type="application/xliff+xml; charset=utf-8",
    )
    name = f"{dialogue.slug}-{dialogue.source_language}-{language}.xlf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(
    request: HttpRequest,
    dialogue: Dialogue,
    sites: list[Site],
    *,
    here: str,
    export_url: Callable[[str], str],
) -> HttpResponse:
    form = XliffUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = translations_import(
                dialogue=dialogue,
                content=upload.read(),
                file_name=upload.name,
                languages=_languages(dialogue, sites),
                actor=request.user,
            )
        except ProblemsError as error:
            problems = [str(problem) for problem in error.problems[:50]]
        else:
            messages.success(
                request, _import_message(outcome.language, outcome.updated, outcome.outdated)
            )
            return redirect(here)
    statuses = translation_status(dialogue=dialogue, sites=sites)
    context = {
        "dialogue": dialogue,
        "sites": sites,
        "statuses": [(status, export_url(status.language)) for status in statuses],
        "form": form,
        "problems": problems,
        "action": here,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "dialogues/translations.html", context, status=status)


def _import_message(language: str, updated: int, outdated: int) -> str:
    message = _("%(n)s translations into %(language)s saved.") % {
        "n": updated,
        "language": language_name(language),
    }
    if outdated:
        message += " " + _(
            "%(n)s of them were made from an older source text and still need an update."
        ) % {"n": outdated}
    return message
