"""The tables' group answers on the day: entered by their own facilitator or note-taker on
a phone, or imported by a host from the paper table sheets (issue 15 item 1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.access import runs_site, tables_for_staff
from polyvox.deliberation.forms import QuestionPickForm, TableAnswerForm, TableAnswerImportForm
from polyvox.deliberation.group_answers import (
    TableAnswerError,
    group_choice,
    table_answer_enter,
    table_answers_import,
    table_questions,
)
from polyvox.deliberation.models import TableAnswer
from polyvox.deliberation.views.staff import IMPORT_ERRORS_SHOWN, staff_user
from polyvox.dialogues.access import access_site_for_facilitator, access_site_for_host
from polyvox.dialogues.models import Question, Site


@require_http_methods(["GET", "POST"])
@login_required
def table_answers(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    if request.method == "GET":
        return _page(request, site)
    picked = QuestionPickForm(request.POST)
    if not picked.is_valid():
        return _page(request, site, status=400)  # a hidden field: a malformed request
    question = table_questions(site=site).filter(id=picked.cleaned_data["question"]).first()
    if question is None:
        return _page(request, site, status=404)
    form = _form(request, site, question, data=request.POST)
    if form.is_valid():
        table = form.cleaned_data["table"]
        try:
            answer = group_choice(question=question, choice=form.choice())
            table_answer_enter(
                site=site, table=table, question=question, answer=answer, actor=staff_user(request)
            )
        except TableAnswerError as error:
            for message in error.errors:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The answer of %(table)s is saved.") % {"table": table},
            )
            return redirect("deliberation:table-answers", site_id=site.id)
    return _page(request, site, bound=form)


@require_POST
@login_required
def table_answers_upload(request: HttpRequest, site_id: int) -> HttpResponse:
    # Importing sheets for every table is a site-wide action: hosts and organisers.
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = TableAnswerImportForm(request.POST, request.FILES, auto_id="import-%s")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = table_answers_import(
                site=site,
                name=upload.name or "upload",
                content=upload.read(),
                actor=staff_user(request),
            )
        except TableAnswerError as error:
            for message in error.errors[:IMPORT_ERRORS_SHOWN]:
                form.add_error("file", message)
        else:
            messages.success(request, _("%(n)s table answers imported.") % {"n": stored})
            return redirect("deliberation:table-answers", site_id=site.id)
    return _page(request, site, import_form=form)


def _form(
    request: HttpRequest, site: Site, question: Question, *, data: object = None
) -> TableAnswerForm:
    return TableAnswerForm(
        data,  # type: ignore[arg-type]
        question=question,
        tables=tables_for_staff(user=request.user, site=site),
        language=get_language() or site.dialogue.source_language,
        source=site.dialogue.source_language,
    )


def _page(
    request: HttpRequest,
    site: Site,
    *,
    bound: TableAnswerForm | None = None,
    import_form: TableAnswerImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    windows = selectors.site_windows(site=site)
    own_tables = list(tables_for_staff(user=request.user, site=site))
    # question id -> table id -> the text of an open answer ("" for a choice or a ranking)
    answered: dict[int, dict[int, str]] = {}
    for table_id, question_id, text in TableAnswer.objects.filter(
        table__in=[table.id for table in own_tables]
    ).values_list("table_id", "question_id", "text"):
        answered.setdefault(question_id, {})[table_id] = text
    language = get_language() or site.dialogue.source_language
    items = []
    for question in table_questions(site=site):
        window = windows.get(question.id)
        is_open = window is not None and window.is_open
        items.append(
            {
                "question": question,
                "text": pick_text(question.text, language, site.dialogue.source_language),
                "window": window,
                "open": is_open,
                "tables": [
                    {
                        "table": table,
                        "answered": table.id in answered.get(question.id, {}),
                        "text": answered.get(question.id, {}).get(table.id, ""),
                    }
                    for table in own_tables
                ],
                "form": (
                    bound
                    if bound is not None and bound.for_question.id == question.id
                    else (_form(request, site, question) if is_open and own_tables else None)
                ),
            }
        )
    whole_site = runs_site(user=request.user, site=site)
    context = {
        "site": site,
        "items": items,
        "runs_site": whole_site,
        "own_tables": own_tables,
        "import_form": (import_form or TableAnswerImportForm(auto_id="import-%s"))
        if whole_site
        else None,
    }
    return render(request, "deliberation/table_answers.html", context, status=status)
