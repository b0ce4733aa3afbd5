"""Citizens' pages: sign in with a personal code, answer the open questions, vote on the
recommendations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polyvox.core.links import spoken_interface_language
from polyvox.core.ratelimit import Rate, rate_limited, too_many_requests
from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.access import (
    CARD_KEY,
    SESSION_KEY,
    card_fingerprint,
    participant_by_code,
    participant_from_session,
)
from polyvox.deliberation.ballots import BallotError, ballot_cast
from polyvox.deliberation.forms import (
    BallotForm,
    CodeForm,
    LanguageForm,
    QuestionPickForm,
    RecommendationVoteForm,
    rank_anchor,
)
from polyvox.deliberation.guessing import code_failure_count, code_guessing_blocked
from polyvox.deliberation.models import ON_THE_PANEL, Answer, Participant, SiteDay
from polyvox.deliberation.recommendations import recommendation_vote_cast
from polyvox.deliberation.records import load_ids
from polyvox.deliberation.views.recommendations import site_languages
from polyvox.dialogues.models import Question
from polyvox.dialogues.translations import outdated_question_ids

LANGUAGE_KEY = "polyvox_ballot_language"
# The question just answered, said once at the next one after the redirect.
SAVED_KEY = "polyvox_ballot_saved"
# How many questions a citizen who pressed "I have finished" answered, said once.
FINISHED_KEY = "polyvox_vote_finished"
FINISH_ANCHOR = "finish"
# The vote on the recommendations: saved once (said at the place the page opens at), and
# the anchors of its form and of its end.
RANK_SAVED_KEY = "polyvox_rank_saved"
RANK_FORM_ANCHOR = "rank-form"
RANK_DONE_ANCHOR = "rank-done"


@dataclass(frozen=True)
class BallotItem:
    """One question on a citizen's ballot, with their answer and the form to give or change it."""

    question: Question
    text: str
    outdated: bool
    open: bool
    answer: Answer | None
    form: BallotForm

    @property
    def anchor(self) -> str:
        return f"q-{self.question.id}"

    @property
    def waiting(self) -> bool:
        """Open and not answered yet: what the citizen came to do, shown first and unfolded."""
        return self.open and self.answer is None

    @property
    def folded(self) -> bool:
        return not self.waiting and not self.form.errors


def next_waiting(items: Sequence[BallotItem], *, after: int) -> BallotItem | None:
    """The first question waiting after question `after` in the agenda, else the first
    waiting before it, else None."""
    ids = [item.question.id for item in items]
    position = ids.index(after) if after in ids else -1
    waiting = [item for item in items if item.waiting]
    later = [item for item in waiting if ids.index(item.question.id) > position]
    return next(iter(later or waiting), None)


# --- Signing in -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
# A venue's 200 citizens type their codes from one address; a code guesser is held to
# ten tries a second, hopeless against 31^8 possible codes.
@rate_limited("vote-login", per_address=Rate(600, 60))
def vote_login(request: HttpRequest) -> HttpResponse:
    """The code is typed here, or arrives from a QR code as ?code=…: a scan signs the citizen
    in at once and sends them to an address without the code."""
    scanned = request.method == "GET" and "code" in request.GET and _opened_by_the_citizen(request)
    if request.method == "POST":
        form = CodeForm(request.POST)
    elif scanned:
        form = CodeForm(request.GET)
    else:
        form = CodeForm(
            initial={"code": request.GET.get("code", ""), "next": request.GET.get("next", "")}
        )
    if form.is_bound:
        # Both a typed code and a scanned one are looked up: both count against guessing.
        wait = code_guessing_blocked(request)
        if wait is not None:
            return too_many_requests(request, wait)
    if form.is_bound and form.is_valid():
        participant = participant_by_code(code=form.cleaned_data["code"])
        if participant is not None and participant.status in ON_THE_PANEL:
            return _sign_in(request, participant, destination=form.destination())
        # Unknown, or a code that may not vote: the same answer, and counted.
        code_failure_count(request)
    if form.is_bound:
        form.errors.pop("code", None)
        form.add_error(
            "code", _("This code is not valid. Check it and try again, or ask a facilitator.")
        )
    response = render(
        request, "deliberation/vote_login.html", {"form": form}, status=400 if form.errors else 200
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


def _sign_in(request: HttpRequest, participant: Participant, *, destination: str) -> HttpResponse:
    request.session.cycle_key()
    # Nothing said once to the previous citizen on this phone is said to this one.
    for key in (FINISHED_KEY, SAVED_KEY, RANK_SAVED_KEY):
        request.session.pop(key, None)
    request.session[SESSION_KEY] = participant.id
    request.session[CARD_KEY] = card_fingerprint(participant)
    request.session[LANGUAGE_KEY] = participant.language
    response = redirect(destination)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def vote_logout(request: HttpRequest) -> HttpResponse:
    """ "I have finished": signs out, so that the next person on this phone sees nothing of
    this citizen's answers, and thanks them on a page that shows only how many they gave."""
    participant = participant_from_session(request)
    if participant is None:
        return redirect("deliberation:vote-login")
    answered = Answer.objects.filter(participant=participant).count()
    language = _ballot_language(request, participant)
    for key in (SESSION_KEY, CARD_KEY, LANGUAGE_KEY, SAVED_KEY, RANK_SAVED_KEY):
        request.session.pop(key, None)
    # A new session key too: a copy of the old cookie signs nobody in, and a browser
    # that keeps pages while the cookies stay the same (back/forward cache) drops them.
    request.session.cycle_key()
    request.session[FINISHED_KEY] = answered
    with speaking(language):  # the thank-you in the language they voted in
        return redirect("deliberation:vote-done")


@require_GET
def vote_done(request: HttpRequest) -> HttpResponse:
    """The end of the ballot. Shown once with the number of answers; visited again, or
    by someone else, it says only how to vote or see one's day."""
    answered = request.session.pop(FINISHED_KEY, None)
    context = {"answered": answered if isinstance(answered, int) else None}
    return private_page(render(request, "deliberation/vote_done.html", context))


# --- Language -------------------------------------------------------------------------------


def ballot_language_of(request: HttpRequest, participant: Participant) -> str:
    return _ballot_language(request, participant)


def _ballot_language(request: HttpRequest, participant: Participant) -> str:
    chosen = str(request.session.get(LANGUAGE_KEY, participant.language))
    return chosen if chosen in site_languages(participant.site) else participant.language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """A citizen's request in the language of their questions, when the interface has it,
    so that its page and its errors read in one language."""
    interface = spoken_interface_language(language)
    if interface is None:
        yield
        return
    with translation.override(interface):
        yield


@require_POST
def ballot_language(request: HttpRequest) -> HttpResponse:
    participant = participant_from_session(request)
    if participant is None:
        return redirect("deliberation:vote-login")
    form = LanguageForm(request.POST, languages=site_languages(participant.site))
    if form.is_valid():  # a language the site does not use is ignored
        request.session[LANGUAGE_KEY] = form.cleaned_data["language"]
    return redirect(form.destination())


# --- The ballot -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest) -> HttpResponse:
    participant = participant_from_session(request)
    if participant is None:
        return redirect("deliberation:vote-login")
    language = _ballot_language(request, participant)
    with speaking(language):
        if request.method == "GET":
            saved = request.session.pop(SAVED_KEY, None)
            response = _ballot_page(request, participant, language, saved=saved)
        else:
            response = _ballot_post(request, participant, language)
    return private_page(response)


def private_page(response: HttpResponse) -> HttpResponse:
    """A page showing a citizen's answers is never kept by the browser: on a shared phone,
    "Back" after "I have finished" must not bring the previous citizen's ballot up again."""
    add_never_cache_headers(response)
    return response


def _ballot_post(request: HttpRequest, participant: Participant, language: str) -> HttpResponse:
    picked = QuestionPickForm(request.POST)
    question = None
    if picked.is_valid():
        question = next(
            (
                item
                for item in selectors.site_questions(site=participant.site)
                if item.id == picked.cleaned_data["question"]
            ),
            None,
        )
    if question is None:
        messages.error(request, _("This code or question is not known at your site."))
        return redirect("deliberation:ballot")
    form = BallotForm(
        request.POST,
        question=question,
        language=language,
        source=participant.site.dialogue.source_language,
    )
    if form.is_valid():
        try:
            ballot_cast(participant=participant, question_id=question.id, choice=form.choice())
        except BallotError as error:
            field = next((name for name in ("text", "choice") if name in form.fields), None)
            form.add_error(field if error.reason == "invalid" else None, error.message)
        else:
            return _after_vote(request, participant, language, question_id=question.id)
    return _ballot_page(request, participant, language, bound=form)


def _from_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _after_vote(
    request: HttpRequest, participant: Participant, language: str, *, question_id: int
) -> HttpResponse:
    """The ballot again, at the next question still waiting for an answer, so that a phone
    does not start from the top after every vote: without JavaScript through the address's
    fragment, with htmx by swapping the questions in place."""
    if _from_htmx(request):
        return _ballot_page(request, participant, language, saved=question_id)
    request.session[SAVED_KEY] = question_id
    following = next_waiting(_ballot_items(participant, language), after=question_id)
    anchor = following.anchor if following else FINISH_ANCHOR
    return redirect(f"{reverse('deliberation:ballot')}#{anchor}")


def _ballot_page(
    request: HttpRequest,
    participant: Participant,
    language: str,
    *,
    bound: BallotForm | None = None,
    saved: object = None,
) -> HttpResponse:
    """`saved` is the question just answered (read back from the session, hence any type):
    the page then says so at the next question waiting, or at the end."""
    items = _ballot_items(participant, language, bound=bound)
    just_saved = next((item for item in items if item.question.id == saved), None)
    focus = _focus(items, bound=bound, just_saved=just_saved)
    orphan_errors = []
    if bound is not None and not any(item.form is bound for item in items):
        orphan_errors = [str(error) for errors in bound.errors.values() for error in errors]
    site = participant.site
    context: dict[str, object] = {
        "citizen_signed_in": True,
        "site": site,
        "waiting": [item for item in items if item.waiting],
        "others": sorted((item for item in items if not item.waiting), key=lambda i: not i.open),
        "just_saved": just_saved,
        "focus": focus,
        "finish_anchor": FINISH_ANCHOR,
        "orphan_errors": orphan_errors,
        "language": language,
        "language_form": LanguageForm(languages=site_languages(site), current=language),
        "ranking_open": selectors.site_day(site=site).ranking_open,
    }
    response = render(request, "deliberation/ballot.html", context)
    if _from_htmx(request) and focus:
        response["HX-Reswap"] = f"outerHTML show:#{focus}:top"
    return response


def _focus(
    items: Sequence[BallotItem], *, bound: BallotForm | None, just_saved: BallotItem | None
) -> str:
    """The anchor the page opens at: a refused answer's question, else after an answer the
    next question waiting (or the end of the ballot), else none."""
    refused = next((item for item in items if bound is not None and item.form is bound), None)
    if refused is not None:
        return refused.anchor
    if just_saved is None:
        return ""
    following = next_waiting(items, after=just_saved.question.id)
    return following.anchor if following else FINISH_ANCHOR


def _ballot_items(
    participant: Participant, language: str, *, bound: BallotForm | None = None
) -> list[BallotItem]:
    """The site's questions citizens answer once opened, in the agenda's order."""
    site = participant.site
    source = site.dialogue.source_language
    windows = selectors.site_windows(site=site)
    answers = {
        answer.question_id: answer for answer in Answer.objects.filter(participant=participant)
    }
    questions = list(selectors.site_questions(site=site))
    outdated = outdated_question_ids(questions=questions, language=language, source_language=source)
    items = []
    for question in questions:
        window = windows.get(question.id)
        if window is None or not question.by_citizens:
            continue  # tables give their group answers through their facilitator
        answer = answers.get(question.id)
        form = (
            bound
            if bound is not None and bound.for_question.id == question.id
            else BallotForm(
                question=question,
                language=language,
                source=source,
                chosen=_chosen(answer),
                text=answer.text if answer else "",
            )
        )
        items.append(
            BallotItem(
                question=question,
                text=pick_text(question.text, language, source),
                outdated=question.id in outdated,
                open=window.is_open,
                answer=answer,
                form=form,
            )
        )
    return items


def _chosen(answer: Answer | None) -> list[int]:
    if answer is None:
        return []
    return [answer.option_id] if answer.option_id else load_ids(answer.choices)


# --- The vote on the recommendations --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rank(request: HttpRequest) -> HttpResponse:
    """The vote on the site's recommendations: numbers to rank them, or boxes to approve."""
    participant = participant_from_session(request)
    if participant is None:
        return redirect("deliberation:vote-login")
    with speaking(_ballot_language(request, participant)):
        return private_page(_rank(request, participant))


def _rank(request: HttpRequest, participant: Participant) -> HttpResponse:
    """After a vote the page opens where the citizen goes on (see _rank_next): without
    JavaScript through a redirect to that fragment, with htmx by swapping the vote in place."""
    day_settings = selectors.site_day(site=participant.site)
    language = _ballot_language(request, participant)
    session = selectors.vote_session(site=participant.site)
    current = (
        participant.recommendation_rankings.filter(session=session).first() if session else None
    )
    items = [
        (item.id, pick_text(item.text, language, item.language))
        for item in (
            selectors.recommendations_for(site=participant.site, session=session) if session else []
        )
    ]
    approval = day_settings.recommendation_method == SiteDay.Method.APPROVAL
    order = load_ids(current.order) if current else []
    form = RecommendationVoteForm(
        request.POST if request.method == "POST" else None,
        items=items,
        approval=approval,
        order=order,
    )
    saved = request.method == "GET" and bool(request.session.pop(RANK_SAVED_KEY, False))
    focus = _rank_next(items, order, approval=approval) if saved else ""
    if form.is_bound:
        focus = RANK_FORM_ANCHOR  # a refused vote: back at the form, its error first
        if form.is_valid():
            try:
                recommendation_vote_cast(participant=participant, choice=form.choice())
            except BallotError as error:
                form.add_error(None, error.message)
            else:
                chosen = form.choice()
                focus = _rank_next(items, chosen, approval=approval)
                if not _from_htmx(request):
                    request.session[RANK_SAVED_KEY] = True
                    return redirect(f"{reverse('deliberation:rank')}#{focus}")
                saved = True
                form = RecommendationVoteForm(items=items, approval=approval, order=chosen)
    context: dict[str, object] = {
        "citizen_signed_in": True,
        "language_form": LanguageForm(
            languages=site_languages(participant.site), current=language, next_page="rank"
        ),
        "site": participant.site,
        "open": day_settings.ranking_open
        and session is not None
        and participant.track == Participant.Track.CITIZENS,
        "session": session,
        "approval": approval,
        "form": form,
        "saved": saved,
        "focus": focus,
        "done_anchor": RANK_DONE_ANCHOR,
        "form_anchor": RANK_FORM_ANCHOR,
    }
    response = render(request, "deliberation/rank.html", context)
    if _from_htmx(request) and focus:
        # `focus` is one of our anchors (a recommendation's id or a fixed name), never input.
        response["HX-Reswap"] = f"outerHTML show:#{focus}:top"
    return response


def _rank_next(items: Sequence[tuple[int, str]], chosen: Sequence[int], *, approval: bool) -> str:
    """Where the citizen goes on after voting: under ranking, the first recommendation they
    left without a number (they may leave it so); else the end of the vote."""
    if not approval:
        unranked = next((item_id for item_id, _text in items if item_id not in chosen), None)
        if unranked is not None:
            return rank_anchor(unranked)
    return RANK_DONE_ANCHOR
