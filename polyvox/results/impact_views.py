"""The record of impact: its public page, the document of an answer, and the organisers'
pages that write it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polyvox.accounts.models import User
from polyvox.dialogues.models import Dialogue, dialogue_languages
from polyvox.results.access import (
    access_dialogue_for_results_organiser,
    access_dialogue_for_results_reader,
)
from polyvox.results.impact import (
    ImpactFields,
    impact_entries,
    impact_entry_delete,
    impact_entry_save,
)
from polyvox.results.models import ImpactEntry
from polyvox.results.written_access import (
    access_impact_document_for_reader,
    access_impact_entry_for_organiser,
)
from polyvox.results.written_forms import ImpactEntryForm, impact_initial


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def impact_public(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    context = {"dialogue": dialogue, "entries": impact_entries(dialogue=dialogue)}
    return render(request, "results/impact/public.html", context)


def impact_document(request: HttpRequest, slug: str, entry_id: int) -> FileResponse:
    entry = access_impact_document_for_reader(user=request.user, slug=slug, entry_id=entry_id)
    name = f"polyvox-{entry.dialogue.slug}-impact-{entry.pk}.pdf"
    return FileResponse(
        entry.response_document.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )


def _form(request: HttpRequest, dialogue: Dialogue, entry: ImpactEntry | None) -> ImpactEntryForm:
    languages = dialogue_languages(dialogue)
    if request.method == "POST":
        return ImpactEntryForm(request.POST, request.FILES, languages=languages)
    initial = impact_initial(entry) if entry else {"language": dialogue.source_language}
    return ImpactEntryForm(initial=initial, languages=languages)


def _save(
    request: HttpRequest, dialogue: Dialogue, entry: ImpactEntry | None, form: ImpactEntryForm
) -> ImpactEntry:
    data = form.cleaned_data
    fields = ImpactFields(
        institution=data["institution"],
        event=data["event"],
        received_on=data["received_on"],
        language=data["language"],
        status=data["status"],
        response_text=data["response_text"],
        evidence_links=data["evidence_links"],
    )
    return impact_entry_save(
        dialogue=dialogue,
        entry=entry,
        fields=fields,
        document=data["response_document"],
        remove_document=data["remove_document"],
        actor=_user(request),
    )


@login_required
def impact_manage(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_organiser(user=request.user, slug=slug)
    form = _form(request, dialogue, None)
    if request.method == "POST" and form.is_valid():
        _save(request, dialogue, None, form)
        messages.success(request, _("The entry is added to the record of impact."))
        return redirect("results:impact-manage", slug=dialogue.slug)
    context = {"dialogue": dialogue, "entries": impact_entries(dialogue=dialogue), "form": form}
    return render(request, "results/impact/manage.html", context)


@login_required
def impact_edit(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    entry = access_impact_entry_for_organiser(user=request.user, slug=slug, entry_id=entry_id)
    form = _form(request, entry.dialogue, entry)
    if request.method == "POST" and form.is_valid():
        _save(request, entry.dialogue, entry, form)
        messages.success(request, _("The entry is saved."))
        return redirect("results:impact-manage", slug=entry.dialogue.slug)
    context = {"dialogue": entry.dialogue, "entry": entry, "form": form}
    return render(request, "results/impact/edit.html", context)


@require_POST
@login_required
def impact_delete(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    entry = access_impact_entry_for_organiser(user=request.user, slug=slug, entry_id=entry_id)
    dialogue = entry.dialogue
    impact_entry_delete(entry=entry, actor=_user(request))
    messages.success(request, _("The entry is removed from the record of impact."))
    return redirect("results:impact-manage", slug=dialogue.slug)
