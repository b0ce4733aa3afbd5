"""Table notes on the day (issue 15 item 2): a phone-sized form to write a table's note in
a session, and the notes of the tables this person works at, with their translations."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from polyvox.deliberation.access import access_table_for_notes, tables_for_notes
from polyvox.deliberation.ballots import BallotError
from polyvox.deliberation.forms import ActionForm, NoteForm, NoteTranslationForm
from polyvox.deliberation.models import TableNote
from polyvox.deliberation.notes import table_note_translate, table_note_write, working_languages
from polyvox.deliberation.recommendations import session_now_or_last
from polyvox.deliberation.views.recommendations import site_languages, site_sessions
from polyvox.dialogues.access import access_site_for_facilitator
from polyvox.dialogues.models import Site


@dataclass
class NoteRow:
    note: TableNote
    missing: list[str]  # working languages it has no text in: "needs translation"
    form: NoteTranslationForm | None


def _notes(request: HttpRequest, site: Site) -> QuerySet[TableNote]:
    return (
        TableNote.objects.filter(table__in=tables_for_notes(user=request.user, site=site))
        .select_related("table", "session")
        .order_by("session__position", "table__number", "id")
    )


@require_http_methods(["GET", "POST"])
@login_required
def notes(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    if request.method == "GET":
        return _page(request, site)
    action = ActionForm(request.POST, actions=("write", "translate"))
    if not action.is_valid():
        return _page(request, site, status=400)
    if action.cleaned_data["action"] == "write":
        return _write(request, site)
    return _translate(request, site)


def _write_form(request: HttpRequest, site: Site, data: object = None) -> NoteForm:
    session = session_now_or_last(site=site)
    return NoteForm(
        request.POST if data is not None else None,
        tables=tables_for_notes(user=request.user, site=site),
        sessions=site_sessions(site),
        languages=site_languages(site),
        initial={"session": session.id if session else None, "language": site_languages(site)[0]},
    )


def _write(request: HttpRequest, site: Site) -> HttpResponse:
    form = _write_form(request, site, data=request.POST)
    if not form.is_valid():
        return _page(request, site, write_form=form, status=400)
    table = access_table_for_notes(
        user=request.user, site=site, table_id=form.cleaned_data["table"].id
    )
    try:
        table_note_write(
            table=table,
            session=form.cleaned_data["session"],
            language=form.cleaned_data["language"],
            text=form.cleaned_data["text"],
            public=form.cleaned_data["public"],
            actor=request.user,
        )
    except BallotError as error:
        form.add_error(None, error.message)
        return _page(request, site, write_form=form, status=400)
    messages.success(request, _("Note saved."))
    return redirect("deliberation:notes", site_id=site.id)


def _translate(request: HttpRequest, site: Site) -> HttpResponse:
    working = working_languages(site.dialogue)
    form = NoteTranslationForm(request.POST, notes=_notes(request, site), languages=working)
    if form.is_valid():
        try:
            table_note_translate(
                note=form.cleaned_data["note"],
                language=form.cleaned_data["language"],
                text=form.cleaned_data["text"],
                actor=request.user,
            )
        except BallotError as error:
            form.add_error("language", error.message)
        else:
            messages.success(request, _("Translation saved."))
            return redirect("deliberation:notes", site_id=site.id)
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
    return _page(request, site, status=400)


def _page(
    request: HttpRequest,
    site: Site,
    *,
    write_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    working = working_languages(site.dialogue)
    visible = _notes(request, site)
    rows = []
    for note in visible:
        missing = note.missing_languages(working)
        form = (
            NoteTranslationForm(notes=visible, languages=missing, note_id=note.id)
            if missing
            else None
        )
        rows.append(NoteRow(note=note, missing=missing, form=form))
    context = {
        "site": site,
        "write_form": write_form or _write_form(request, site),
        "rows": rows,
        "needing": sum(1 for row in rows if row.missing),
        "working": working,
    }
    return render(request, "deliberation/notes.html", context, status=status)
