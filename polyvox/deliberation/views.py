"""Pages of the deliberation day: staff (check-in, tables, run sheet, dashboard, counts,
recommendations) and citizens (vote with a personal code)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polyvox.accounts.access import access_site_for_facilitator
from polyvox.accounts.models import User
from polyvox.core.ratelimit import Rate, rate_limited
from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.access import (
    SESSION_KEY,
    access_participant_for_staff,
    access_question_for_site,
    access_recommendation_for_staff,
    access_table_for_staff,
    participant_by_code,
    participant_from_session,
)
from polyvox.deliberation.ballots import BallotError, ballot_cast
from polyvox.deliberation.checkin import (
    DEFAULT_TABLE_SIZE,
    participant_check_in,
    tables_seat,
    tables_seat_latecomers,
)
from polyvox.deliberation.counts import CountLine, TallyError, double_entry_set, tally_enter
from polyvox.deliberation.imports import tally_import
from polyvox.deliberation.models import (
    ON_THE_PANEL,
    Answer,
    Participant,
    Recommendation,
    SiteDay,
    TallyCount,
)
from polyvox.deliberation.qr import qr_svg, vote_url
from polyvox.deliberation.recommendations import (
    PaperApprovals,
    ranking_open_set,
    recommendation_method_set,
    recommendation_paper_counts_enter,
    recommendation_translate,
    recommendation_vote_cast,
    recommendation_write,
)
from polyvox.deliberation.windows import window_close, window_open
from polyvox.dialogues.models import Question, Site
from polyvox.engines.grouping import SeatingError

LANGUAGE_KEY = "polyvox_ballot_language"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# --- Staff: check-in and tables --------------------------------------------------------


@login_required
def day(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    participants = list(selectors.participants_for_check_in(site=site))
    counts = dict.fromkeys(Participant.Status.values, 0)
    for participant in participants:
        counts[participant.status] += 1
    context = {
        "site": site,
        "participants": participants,
        "counts": counts,
        "table_size": DEFAULT_TABLE_SIZE,
    }
    return render(request, "deliberation/day.html", context)


@require_POST
@login_required
def check_in(request: HttpRequest, site_id: int, participant_id: int) -> HttpResponse:
    participant = access_participant_for_staff(
        user=request.user, site_id=site_id, participant_id=participant_id
    )
    present = request.POST.get("status") == "present"
    promoted = participant_check_in(participant=participant, present=present)
    if promoted is not None:
        messages.info(
            request,
            _("Reserve %(code)s takes the seat: call them forward and check them in.")
            % {"code": promoted.code},
        )
    return redirect("deliberation:day", site_id=site_id)


@require_POST
@login_required
def seat(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    try:
        table_size = int(request.POST.get("table_size", DEFAULT_TABLE_SIZE))
    except ValueError:
        table_size = 0
    if not 2 <= table_size <= 12:
        messages.error(request, _("Choose a table size between 2 and 12."))
        return redirect("deliberation:day", site_id=site.id)
    try:
        if request.POST.get("mode") == "latecomers":
            seated = tables_seat_latecomers(site=site, table_size=table_size)
            messages.success(request, _("%(n)s latecomers seated.") % {"n": seated})
        else:
            tables = tables_seat(site=site, table_size=table_size)
            messages.success(
                request, _("Everyone present is seated at %(n)s tables.") % {"n": tables}
            )
    except SeatingError as error:
        messages.error(request, _("The tables could not be made: %(error)s") % {"error": error})
    return redirect("deliberation:day", site_id=site.id)


def _printable(
    request: HttpRequest, template: str, context: dict[str, Any], name: str
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    if request.GET.get("format") != "pdf":
        return HttpResponse(html)
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
            "seated": [
                {"participant": person, "qr": qr_svg(vote_url(request=request, participant=person))}
                for person in table.seated  # type: ignore[attr-defined]
            ],
        }
        for table in selectors.tables_with_people(site=site)
    ]
    context = {"site": site, "tables": site_tables}
    return _printable(request, "deliberation/print_tables.html", context, f"tables-{site.slug}")


@login_required
def cards(request: HttpRequest, site_id: int) -> HttpResponse:
    """One card per citizen: their code and a QR code that opens their ballot signed in."""
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    context = {
        "site": site,
        "cards": [
            {
                "participant": participant,
                "qr": qr_svg(vote_url(request=request, participant=participant)),
            }
            for participant in selectors.participants_for_cards(site=site)
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


# --- Staff: run sheet and dashboard ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def run_sheet(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    if request.method == "POST":
        try:
            question_id = int(request.POST.get("question", ""))
        except ValueError:
            return HttpResponseBadRequest(_("Choose a question."))
        question = access_question_for_site(site=site, question_id=question_id)
        if request.POST.get("action") == "close":
            window_close(site=site, question=question)
        else:
            window_open(site=site, question=question)
        return redirect("deliberation:run-sheet", site_id=site.id)
    windows = selectors.site_windows(site=site)
    rows = [
        {"question": question, "window": windows.get(question.id)}
        for question in selectors.site_questions(site=site)
    ]
    return render(request, "deliberation/run_sheet.html", {"site": site, "rows": rows})


@login_required
def dashboard(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    context = {"site": site, "dashboard": selectors.dashboard_for(site=site)}
    if request.headers.get("HX-Request"):
        return render(request, "deliberation/dashboard_table.html", context)
    return render(request, "deliberation/dashboard.html", context)


# --- Staff: paper counts ---------------------------------------------------------------


def _count_lines(request: HttpRequest, site: Site) -> tuple[list[CountLine], int]:
    question = access_question_for_site(site=site, question_id=int(request.POST["question"]))
    table_id = request.POST.get("table", "")
    table = (
        access_table_for_staff(user=request.user, site_id=site.id, table_id=int(table_id))
        if table_id
        else None
    )
    stratum = request.POST.get("stratum", "").strip()[:60]
    lines = []
    for option in question.options.all():
        raw = request.POST.get(f"count-{option.id}", "").strip()
        if raw == "":
            continue
        if not raw.isdigit():
            raise TallyError([_("'%(value)s' is not a whole number of ballots.") % {"value": raw}])
        lines.append(CountLine(table, question, option, stratum, int(raw)))
    entry = TallyCount.Entry.SECOND if request.POST.get("entry") == "2" else TallyCount.Entry.FIRST
    return lines, entry


@require_http_methods(["GET", "POST"])
@login_required
def counts(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    if request.method == "POST":
        try:
            if "double_entry" in request.POST:
                double_entry_set(site=site, enabled=request.POST["double_entry"] == "on")
            else:
                lines, entry = _count_lines(request, site)
                stored = tally_enter(site=site, lines=lines, entry=entry, entered_by=_user(request))
                messages.success(request, _("%(n)s counts saved.") % {"n": stored})
        except (TallyError, KeyError, ValueError) as error:
            for message in getattr(error, "errors", [_("Choose a question and a table.")]):
                messages.error(request, message)
        return redirect("deliberation:counts", site_id=site.id)
    day_settings = selectors.site_day(site=site)
    cells = selectors.tally_cells(site=site)
    context = {
        "site": site,
        "day": day_settings,
        "questions": [q for q in selectors.site_questions(site=site) if q.has_options],
        "site_tables": site.tables.all(),
        "cells": [
            {
                "cell": cell,
                "final": cell.final(double_entry=day_settings.double_entry),
                "mismatch": cell.mismatch(double_entry=day_settings.double_entry),
            }
            for cell in cells
        ],
    }
    return render(request, "deliberation/counts.html", context)


@require_POST
@login_required
def counts_import(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("deliberation:counts", site_id=site.id)
    entry = TallyCount.Entry.SECOND if request.POST.get("entry") == "2" else TallyCount.Entry.FIRST
    try:
        stored = tally_import(
            site=site,
            name=upload.name or "upload",
            content=upload.read(),
            entry=entry,
            entered_by=_user(request),
        )
        messages.success(request, _("%(n)s counts imported.") % {"n": stored})
    except TallyError as error:
        messages.error(request, _("Nothing was imported. Correct the file and try again."))
        for message in error.errors[:50]:
            messages.error(request, message)
    return redirect("deliberation:counts", site_id=site.id)


# --- Staff: recommendations ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def recommendations(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    if request.method == "POST":
        _recommendations_post(request, site)
        return redirect("deliberation:recommendations", site_id=site.id)
    ranked, voters = selectors.recommendations_ranked(site=site)
    context = {
        "site": site,
        "day": selectors.site_day(site=site),
        "methods": SiteDay.Method.choices,
        "site_tables": site.tables.all(),
        "languages": _site_languages(site),
        "ranked": ranked,
        "voters": voters,
        "paper": selectors.paper_approvals(site=site),
    }
    return render(request, "deliberation/recommendations.html", context)


def _recommendations_post(request: HttpRequest, site: Site) -> None:
    action = request.POST.get("action")
    text = request.POST.get("text", "").strip()
    language = request.POST.get("language", "")
    try:
        if action == "ranking":
            ranking_open_set(site=site, enabled=request.POST.get("open") == "on")
        elif action == "method":
            recommendation_method_set(site=site, method=request.POST.get("method", ""))
        elif action == "paper":
            recommendation_paper_counts_enter(
                site=site, counted=_paper_approvals(request, site), entered_by=_user(request)
            )
            messages.success(request, _("Paper counts saved."))
        elif not text or language not in _site_languages(site):
            messages.error(request, _("Write the text and choose one of the site's languages."))
        elif action == "translate":
            recommendation = access_recommendation_for_staff(
                user=request.user,
                site_id=site.id,
                recommendation_id=int(request.POST.get("recommendation", "0")),
            )
            recommendation_translate(recommendation=recommendation, language=language, text=text)
        else:
            table = access_table_for_staff(
                user=request.user, site_id=site.id, table_id=int(request.POST.get("table", "0"))
            )
            recommendation_write(table=table, text=text, language=language)
    except BallotError as error:
        messages.error(request, error.message)
    except TallyError as error:
        for message in error.errors:
            messages.error(request, message)


def _whole_number(raw: str) -> int:
    if not raw.strip().isdigit():
        raise TallyError([_("'%(value)s' is not a whole number of ballots.") % {"value": raw}])
    return int(raw)


def _paper_approvals(request: HttpRequest, site: Site) -> PaperApprovals:
    approvals = {
        item.id: _whole_number(request.POST.get(f"approvals-{item.id}", "0") or "0")
        for item in selectors.recommendations_for(site=site)
    }
    return PaperApprovals(
        ballots=_whole_number(request.POST.get("ballots", "")), approvals=approvals
    )


def _site_languages(site: Site) -> list[str]:
    return list(dict.fromkeys([*site.languages, site.dialogue.source_language]))


# --- Citizens --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
# A venue's 200 citizens type their codes from one address; a code guesser is held to
# ten tries a second, hopeless against 31^8 possible codes.
@rate_limited("vote-login", per_address=Rate(600, 60))
def vote_login(request: HttpRequest) -> HttpResponse:
    """The code is typed here, or arrives from a QR code as ?code=…: a scan signs the citizen
    in at once and sends them to an address without the code."""
    error = ""
    code = request.POST.get("code", "") if request.method == "POST" else ""
    scanned = request.method == "GET" and "code" in request.GET and _opened_by_the_citizen(request)
    if scanned:
        code = request.GET["code"]
    if code or request.method == "POST":
        participant = participant_by_code(code=code)
        if participant is not None and participant.status in ON_THE_PANEL:
            return _sign_in(request, participant)
        error = _("This code is not valid. Check it and try again, or ask a facilitator.")
    context = {"code": request.GET.get("code", ""), "error": error}
    response = render(
        request, "deliberation/vote_login.html", context, status=400 if error else 200
    )
    if "code" in request.GET:
        # The address carries a voting code: never pass it on to another site, never cache it.
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "no-store"
    return response


def _opened_by_the_citizen(request: HttpRequest) -> bool:
    """True for a QR scan or a typed address (Sec-Fetch-Site "none"; old browsers send no
    such header). A link or image on another site gets only the filled-in form, so it
    cannot sign a visitor in under a code of its choosing without them pressing the button."""
    site = request.headers.get("Sec-Fetch-Site", "none")
    destination = request.headers.get("Sec-Fetch-Dest", "document")
    return site in ("none", "same-origin") and destination == "document"


def _sign_in(request: HttpRequest, participant: Participant) -> HttpResponse:
    request.session.cycle_key()
    request.session[SESSION_KEY] = participant.id
    request.session[LANGUAGE_KEY] = participant.language
    response = redirect("deliberation:ballot")
    response["Referrer-Policy"] = "no-referrer"
    return response


def _ballot_language(request: HttpRequest, participant: Participant) -> str:
    chosen = str(request.session.get(LANGUAGE_KEY, participant.language))
    return chosen if chosen in _site_languages(participant.site) else participant.language


def _with_interface_language(language: str) -> str | None:
    supported = {code for code, _name in settings.LANGUAGES}
    base = language.split("-")[0]
    return base if base in supported else None


def _choice_from_post(request: HttpRequest, question: Question) -> object:
    if question.kind == Question.Kind.OPEN:
        return request.POST.get("text", "")
    if question.kind == Question.Kind.MULTIPLE:
        return request.POST.getlist("choice")
    if question.kind == Question.Kind.RANKING:
        ranks = []
        for option in question.options.all():
            raw = request.POST.get(f"rank-{option.id}", "").strip()
            if raw.isdigit():
                ranks.append((int(raw), option.id))
        if len({rank for rank, _option in ranks}) != len(ranks):
            return ["duplicate"]
        return [option for _rank, option in sorted(ranks)]
    return request.POST.get("choice", "")


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest) -> HttpResponse:
    participant = participant_from_session(request)
    if participant is None:
        return redirect("deliberation:vote-login")
    if request.method == "POST":
        try:
            question_id = int(request.POST.get("question", ""))
            ballot_cast(
                participant=participant,
                question_id=question_id,
                choice=_choice_from_post_id(request, question_id),
            )
            messages.success(
                request, _("Your answer is recorded. You can change it until the question closes.")
            )
        except ValueError:
            messages.error(request, _("Choose a question."))
        except BallotError as error:
            messages.error(request, error.message)
        return redirect("deliberation:ballot")
    language = _ballot_language(request, participant)
    return _render_in(
        language, request, "deliberation/ballot.html", _ballot_context(participant, language)
    )


def _render_in(
    language: str, request: HttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    """A citizen's page in the language of their questions, when the interface has it."""
    interface = _with_interface_language(language)
    if interface is None:
        return render(request, template, context)
    with translation.override(interface):
        return render(request, template, context)


def _choice_from_post_id(request: HttpRequest, question_id: int) -> object:
    question = Question.objects.filter(id=question_id).prefetch_related("options").first()
    if question is None:
        return None
    return _choice_from_post(request, question)


def _ballot_context(participant: Participant, language: str) -> dict[str, Any]:
    site = participant.site
    source = site.dialogue.source_language
    windows = selectors.site_windows(site=site)
    answers = {
        answer.question_id: answer for answer in Answer.objects.filter(participant=participant)
    }
    items = []
    for question in selectors.site_questions(site=site):
        window = windows.get(question.id)
        if window is None:
            continue
        answer = answers.get(question.id)
        chosen = _chosen(answer)
        items.append(
            {
                "question": question,
                "text": pick_text(question.text, language, source),
                "open": window.is_open,
                "answer": answer,
                "options": [
                    {
                        "id": option.id,
                        "text": pick_text(option.text, language, source),
                        "chosen": option.id in chosen,
                        "rank": chosen.index(option.id) + 1 if option.id in chosen else "",
                    }
                    for option in question.options.all()
                ],
            }
        )
    day_settings = selectors.site_day(site=site)
    return {
        "participant": participant,
        "site": site,
        "items": items,
        "language": language,
        "languages": _site_languages(site),
        "ranking_open": day_settings.ranking_open,
    }


def _chosen(answer: Answer | None) -> list[int]:
    if answer is None:
        return []
    return [answer.option_id] if answer.option_id else [int(item) for item in answer.choices]


@require_POST
def ballot_language(request: HttpRequest) -> HttpResponse:
    participant = participant_from_session(request)
    if participant is None:
        return redirect("deliberation:vote-login")
    language = request.POST.get("language", "")
    if language in _site_languages(participant.site):
        request.session[LANGUAGE_KEY] = language
    return redirect("deliberation:ballot")


@require_http_methods(["GET", "POST"])
def rank(request: HttpRequest) -> HttpResponse:
    """The vote on the site's recommendations: numbers to rank them, or boxes to approve."""
    participant = participant_from_session(request)
    if participant is None:
        return redirect("deliberation:vote-login")
    day_settings = selectors.site_day(site=participant.site)
    items = selectors.recommendations_for(site=participant.site)
    approval = day_settings.recommendation_method == SiteDay.Method.APPROVAL
    if request.method == "POST":
        choice = _approvals_from_post(request) if approval else _ranks_from_post(request, items)
        try:
            recommendation_vote_cast(participant=participant, choice=choice)
            messages.success(request, _("Your vote is recorded."))
        except BallotError as error:
            messages.error(request, error.message)
        return redirect("deliberation:rank")
    language = _ballot_language(request, participant)
    current = getattr(participant, "recommendation_ranking", None)
    order = current.order if current else []
    context = {
        "site": participant.site,
        "open": day_settings.ranking_open,
        "approval": approval,
        "items": [
            {
                "id": item.id,
                "table": item.table,
                "text": pick_text(item.text, language, item.language),
                "rank": order.index(item.id) + 1 if item.id in order else "",
                "approved": item.id in order,
            }
            for item in items
        ],
    }
    return _render_in(language, request, "deliberation/rank.html", context)


def _ranks_from_post(request: HttpRequest, items: list[Recommendation]) -> list[int]:
    ranks = []
    for item in items:
        raw = request.POST.get(f"rank-{item.id}", "").strip()
        if raw.isdigit():
            ranks.append((int(raw), item.id))
    if len({rank for rank, _item in ranks}) != len(ranks):
        return []  # two recommendations with the same number: refused as invalid
    return [item for _rank, item in sorted(ranks)]


def _approvals_from_post(request: HttpRequest) -> list[int]:
    values = request.POST.getlist("approve")
    # Anything but a number is refused by the service as "not one of your site's".
    return [int(value) if value.isdigit() else -1 for value in values]


@require_POST
def vote_logout(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(LANGUAGE_KEY, None)
    return redirect("deliberation:vote-login")
