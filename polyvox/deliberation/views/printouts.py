"""Printouts for the day's staff: table lists, voting cards and paper ballot sheets."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from polyvox.accounts.models import Role
from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.access import facilitators_of, runs_site, tables_for_staff
from polyvox.deliberation.cards import cards_print
from polyvox.deliberation.checkin import tables_facilitators_assign
from polyvox.deliberation.forms import CardsForm, FacilitatorsForm
from polyvox.deliberation.group_answers import table_questions
from polyvox.deliberation.models import Table
from polyvox.deliberation.qr import qr_svg, vote_address, vote_url
from polyvox.dialogues.access import access_site_for_facilitator, access_site_for_host
from polyvox.dialogues.models import Site


def _printable(
    request: HttpRequest,
    template: str,
    context: dict[str, object],  # object: a template context, read only by the template
    name: str,
    *,
    as_pdf: bool | None = None,
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    if as_pdf is None:
        as_pdf = request.GET.get("format") == "pdf"
    if not as_pdf:
        return HttpResponse(html)
    # Imported here because WeasyPrint loads native libraries that only PDFs need.
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def tables(request: HttpRequest, site_id: int) -> HttpResponse:
    """The table lists (a facilitator sees their own tables only); hosts and organisers
    also put a facilitator in charge of each table here."""
    if request.method == "POST":
        site = access_site_for_host(user=request.user, site_id=site_id)
        form = _staff_form(site, list(site.tables.all()), request.POST)
        if form.is_valid():
            tables_facilitators_assign(
                site=site,
                assignments=form.assignments(),
                note_takers=form.note_taker_assignments(),
                actor=request.user,
            )
            return redirect("deliberation:tables", site_id=site.id)
        return _tables_page(request, site, form=form, status=400)
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    return _tables_page(request, site)


def _staff_form(site: Site, tables: list[Table], data: QueryDict | None = None) -> FacilitatorsForm:
    return FacilitatorsForm(
        data,
        tables=tables,
        facilitators=facilitators_of(site=site),
        note_takers=facilitators_of(site=site, role=Role.NOTE_TAKER),
    )


def _tables_page(
    request: HttpRequest, site: Site, *, form: FacilitatorsForm | None = None, status: int = 200
) -> HttpResponse:
    own_tables = tables_for_staff(user=request.user, site=site)
    if form is None and runs_site(user=request.user, site=site):
        form = _staff_form(site, list(own_tables))
    site_tables = [
        {
            "table": table,
            # Check-in numbers only: voting codes are on the citizens' cards, never here.
            "seated": [
                {"participant": person}
                for person in table.seated  # type: ignore[attr-defined]
            ],
        }
        for table in selectors.tables_with_people(tables=own_tables)
    ]
    context = {"site": site, "tables": site_tables, "form": form}
    response = _printable(request, "deliberation/print_tables.html", context, f"tables-{site.slug}")
    response.status_code = status
    return response


@require_http_methods(["GET", "POST"])
@login_required
def cards(request: HttpRequest, site_id: int) -> HttpResponse:
    """The voting cards, the only staff page with voting codes: hosts and organisers only
    (issue 12 item 7). The page itself shows none; a POST prints the cards not printed yet,
    or prints cards again under new codes, and answers with the printout (audited)."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    if request.method == "GET":
        return _cards_page(request, site)
    action = request.POST.get("action")
    form = CardsForm(request.POST, auto_id=("reissue" if action == "reissue" else "print") + "-%s")
    if not form.is_valid():
        return _cards_page(request, site, form=form, status=400)
    number = form.cleaned_data["participant"]
    printed = cards_print(
        site=site,
        actor=request.user,
        reissue=form.cleaned_data["action"] == "reissue",
        check_in_number=number,
    )
    if not printed:
        message = (
            _("No citizen with this check-in number may get a card.")
            if number is not None
            else _("There is no card to print.")
        )
        form.add_error("participant" if number is not None else None, message)
        return _cards_page(request, site, form=form, status=400 if number is not None else 200)
    context = {
        "site": site,
        "cards": [
            {
                "participant": participant,
                "qr": qr_svg(vote_url(request=request, participant=participant)),
                "vote_address": vote_address(request=request, participant=participant),
            }
            for participant in printed
        ],
    }
    response = _printable(
        request,
        "deliberation/print_cards.html",
        context,
        f"cards-{site.slug}",
        as_pdf=form.cleaned_data["format"] == "pdf",
    )
    response["Cache-Control"] = "no-store"  # voting codes: never kept by a cache
    return response


def _cards_page(
    request: HttpRequest, site: Site, *, form: CardsForm | None = None, status: int = 200
) -> HttpResponse:
    """The page's two forms, each with its own ids; `form`, sent back, takes its place."""
    sent = form.data.get("action") if form is not None else None
    context = {
        "site": site,
        "print_form": form
        if form is not None and sent != "reissue"
        else CardsForm(auto_id="print-%s"),
        "reissue_form": form
        if form is not None and sent == "reissue"
        else CardsForm(auto_id="reissue-%s"),
        "counts": selectors.cards_counts(site=site),
        "runs_site": True,
    }
    return render(request, "deliberation/cards.html", context, status=status)


@login_required
def ballot_sheets(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    language = request.GET.get("language") or (site.languages or [site.dialogue.source_language])[0]
    questions = [
        {
            "question": question,
            "text": pick_text(question.text, language, site.dialogue.source_language),
            "options": [
                pick_text(option.text, language, site.dialogue.source_language)
                for option in question.options.all()
            ],
        }
        for question in selectors.site_questions(site=site)
        # A table question is answered on the table's sheet, not on each citizen's ballot.
        if question.by_citizens
    ]
    # One sheet per table for its group answers, with the option keys the import reads.
    table_sheets = [
        {
            "question": question,
            "text": pick_text(question.text, language, site.dialogue.source_language),
            "options": [
                (option.key, pick_text(option.text, language, site.dialogue.source_language))
                for option in question.options.all()
            ],
        }
        for question in table_questions(site=site)
    ]
    context = {
        "site": site,
        "questions": questions,
        "table_sheets": table_sheets,
        "language": language,
    }
    return _printable(request, "deliberation/print_ballots.html", context, f"ballots-{site.slug}")
