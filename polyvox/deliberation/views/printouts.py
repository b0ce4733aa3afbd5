"""Printouts for the day's staff: table lists, voting cards and paper ballot sheets."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from polyvox.audit.services import audit_record
from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.qr import qr_svg, vote_url
from polyvox.dialogues.access import access_site_for_facilitator, access_site_for_host


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


@login_required
def tables(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    site_tables = [
        {
            "table": table,
            # Check-in numbers only: voting codes are on the citizens' cards, never here.
            "seated": [
                {"participant": person}
                for person in table.seated  # type: ignore[attr-defined]
            ],
        }
        for table in selectors.tables_with_people(site=site)
    ]
    context = {"site": site, "tables": site_tables}
    return _printable(request, "deliberation/print_tables.html", context, f"tables-{site.slug}")


@login_required
def cards(request: HttpRequest, site_id: int) -> HttpResponse:
    """One card per citizen: their code and a QR code that opens their ballot signed in.
    The only staff page that shows voting codes: for hosts and organisers, and every
    printing is audited (issue 12 item 7)."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    participants = list(selectors.participants_for_cards(site=site))
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
