"""Printouts for the day's staff: table lists, voting cards and paper ballot sheets."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from polyvox.audit.services import audit_record
from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.access import facilitators_of, runs_site, tables_for_staff
from polyvox.deliberation.checkin import tables_facilitators_assign
from polyvox.deliberation.forms import CardsForm, FacilitatorsForm
from polyvox.deliberation.qr import qr_svg, vote_url
from polyvox.dialogues.access import access_site_for_facilitator, access_site_for_host
from polyvox.dialogues.models import Site


def _printable(
    request: HttpRequest,
    template: str,
    context: dict[str, object],  # object: a template context, read only by the template
    name: str,
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    if request.GET.get("format") != "pdf":
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
        form = FacilitatorsForm(
            request.POST, tables=list(site.tables.all()), facilitators=facilitators_of(site=site)
        )
        if form.is_valid():
            tables_facilitators_assign(
                site=site, assignments=form.assignments(), actor=request.user
            )
            return redirect("deliberation:tables", site_id=site.id)
        return _tables_page(request, site, form=form, status=400)
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    return _tables_page(request, site)


def _tables_page(
    request: HttpRequest, site: Site, *, form: FacilitatorsForm | None = None, status: int = 200
) -> HttpResponse:
    own_tables = tables_for_staff(user=request.user, site=site)
    if form is None and runs_site(user=request.user, site=site):
        form = FacilitatorsForm(tables=list(own_tables), facilitators=facilitators_of(site=site))
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


@login_required
def cards(request: HttpRequest, site_id: int) -> HttpResponse:
    """One card per citizen: their code and a QR code that opens their ballot signed in.
    The only staff page that shows voting codes: for hosts and organisers, and every
    printing is audited (issue 12 item 7)."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = CardsForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest()
    chosen = selectors.participants_for_cards(site=site)
    if form.cleaned_data["participant"] is not None:
        # One citizen's card again (a lost card), by check-in number.
        chosen = chosen.filter(id=form.cleaned_data["participant"])
    participants = list(chosen)
    audit_record(
        actor=request.user,
        action="deliberation.cards_print",
        site=site,
        details={"cards": len(participants), "participants": [item.id for item in participants]},
    )
    context = {
        "site": site,
        "cards": [
            {
                "participant": participant,
                "qr": qr_svg(vote_url(request=request, participant=participant)),
            }
            for participant in participants
        ],
        "vote_address": request.build_absolute_uri(reverse("deliberation:vote-login")),
    }
    return _printable(request, "deliberation/print_cards.html", context, f"cards-{site.slug}")


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
    ]
    context = {"site": site, "questions": questions, "language": language}
    return _printable(request, "deliberation/print_ballots.html", context, f"ballots-{site.slug}")
