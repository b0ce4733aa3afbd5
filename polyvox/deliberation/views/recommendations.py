"""Staff page of the tables' recommendations: write, translate, open the vote, paper counts.

The page shows one session's recommendations (?session=, by default the session voted on
last, else the first); the vote, its ranking and its paper counts are that session's."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from polyvox.core.confirm import confirm_page
from polyvox.deliberation import selectors
from polyvox.deliberation.access import access_site_for_switches, runs_site, tables_for_staff
from polyvox.deliberation.ballots import BallotError
from polyvox.deliberation.counts import TallyError
from polyvox.deliberation.forms import (
    ActionForm,
    MethodForm,
    PaperCountsForm,
    SessionChoiceForm,
    TranslateForm,
    VoteOpenForm,
    WriteForm,
)
from polyvox.deliberation.models import Recommendation
from polyvox.deliberation.recommendations import (
    PaperApprovals,
    ranking_open_set,
    recommendation_method_set,
    recommendation_paper_counts_enter,
    recommendation_translate,
    recommendation_write,
)
from polyvox.deliberation.views.staff import staff_user
from polyvox.dialogues.access import access_site_for_facilitator
from polyvox.dialogues.models import Session, Site


def site_languages(site: Site) -> list[str]:
    return list(dict.fromkeys([*site.languages, site.dialogue.source_language]))


def site_sessions(site: Site) -> QuerySet[Session]:
    return Session.objects.filter(dialogue_id=site.dialogue_id).order_by("position", "id")


def shown_session(request: HttpRequest, site: Site) -> Session | None:
    """The session the page shows: ?session= when valid, else the one voted on, else the
    first. A wrong id falls back rather than failing: it is only a view."""
    sessions = site_sessions(site)
    chooser = SessionChoiceForm(request.GET, sessions=sessions)
    if "session" in request.GET and chooser.is_valid():
        chosen: Session = chooser.cleaned_data["session"]
        return chosen
    return selectors.vote_session(site=site) or sessions.first()


@require_http_methods(["GET", "POST"])
@login_required
def recommendations(request: HttpRequest, site_id: int) -> HttpResponse:
    """Each form on the page names itself in a hidden `action`; each action has its form
    and calls one service."""
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    if request.method == "GET":
        return _page(request, site)
    action = ActionForm(request.POST, actions=HANDLERS)
    if not action.is_valid():
        return _page(request, site, status=400)
    chosen = action.cleaned_data["action"]
    if chosen in SITE_WIDE:
        # The vote on every table's recommendations, its method and the site's paper
        # counts: site-wide switches, for hosts and organisers (404 to a facilitator).
        site = access_site_for_switches(user=request.user, site_id=site.id)
    return HANDLERS[chosen](request, site)


def _vote_open(request: HttpRequest, site: Site) -> HttpResponse:
    form = VoteOpenForm(request.POST, sessions=site_sessions(site))
    if not form.is_valid():
        return _page(request, site, status=400)  # hidden fields: a malformed request
    opening = form.cleaned_data["open"]
    if not form.confirmed:
        return _vote_open_confirm(request, site, form, opening=opening)
    try:
        ranking_open_set(
            site=site,
            enabled=opening,
            session=form.cleaned_data["session"],
            actor=request.user,
        )
    except BallotError as error:
        messages.error(request, error.message)
        return _page(request, site, status=400)
    messages.success(
        request,
        (
            _("The vote on the recommendations is open for every citizen of %(site)s.")
            if opening
            else _("The vote on the recommendations is closed for every citizen of %(site)s.")
        )
        % {"site": site.city},
    )
    return _back(site, form.cleaned_data["session"])


def _back(site: Site, session: Session | None) -> HttpResponse:
    url = reverse("deliberation:recommendations", args=[site.id])
    return redirect(f"{url}?session={session.id}" if session else url)


def _vote_open_confirm(
    request: HttpRequest, site: Site, form: VoteOpenForm, *, opening: bool
) -> HttpResponse:
    values = {"site": site.city, "n": selectors.site_present_count(site=site)}
    if opening:
        question = _(
            "Open the vote on the recommendations for the %(n)s citizens present in %(site)s?"
        )
        consequences = [_("Citizens can vote on every table's recommendations until you close it.")]
        label = _("Open the vote")
    else:
        question = _("Close the vote on the recommendations for every citizen of %(site)s?")
        consequences = [
            _("Citizens can no longer vote or change their vote; the votes given count.")
        ]
        label = _("Close the vote")
    return confirm_page(
        request,
        form=form,
        question=question % values,
        consequences=consequences,
        confirm_label=label,
        cancel_url=reverse("deliberation:recommendations", kwargs={"site_id": site.id}),
    )


def _method(request: HttpRequest, site: Site) -> HttpResponse:
    form = MethodForm(request.POST, auto_id="method-%s")
    if form.is_valid():
        try:
            recommendation_method_set(
                site=site, method=form.cleaned_data["method"], actor=request.user
            )
        except BallotError as error:
            form.add_error("method", error.message)
        else:
            return redirect("deliberation:recommendations", site_id=site.id)
    return _page(request, site, bound=form)


def _paper(request: HttpRequest, site: Site) -> HttpResponse:
    session = selectors.vote_session(site=site)
    if session is None:
        messages.error(request, _("Choose the session whose recommendations are voted on."))
        return _page(request, site, status=400)
    form = PaperCountsForm(
        request.POST,
        recommendations=selectors.recommendations_for(site=site, session=session),
        counted=selectors.paper_approvals(site=site, session=session),
    )
    if form.is_valid():
        try:
            recommendation_paper_counts_enter(
                site=site, session=session, counted=form.counted(), entered_by=staff_user(request)
            )
        except TallyError as error:
            for message in error.errors:
                form.add_error(None, message)
        else:
            messages.success(request, _("Paper counts saved."))
            return _back(site, session)
    return _page(request, site, bound=form)


def _translate(request: HttpRequest, site: Site) -> HttpResponse:
    form = TranslateForm(
        request.POST,
        recommendations=_own_recommendations(request, site),
        languages=site_languages(site),
    )
    if not form.is_valid():
        return _page(request, site, bound=form)
    recommendation_translate(
        recommendation=form.cleaned_data["recommendation"],
        language=form.cleaned_data["language"],
        text=form.cleaned_data["text"],
        actor=request.user,
    )
    return _back(site, form.cleaned_data["recommendation"].session)


def _write(request: HttpRequest, site: Site) -> HttpResponse:
    form = WriteForm(
        request.POST,
        tables=tables_for_staff(user=request.user, site=site),
        sessions=site_sessions(site),
        languages=site_languages(site),
    )
    if not form.is_valid():
        return _page(request, site, bound=form)
    written = recommendation_write(
        table=form.cleaned_data["table"],
        session=form.cleaned_data["session"],
        language=form.cleaned_data["language"],
        text=form.cleaned_data["text"],
        actor=request.user,
    )
    return _back(site, written.session)


SITE_WIDE = frozenset({"ranking", "method", "paper"})
HANDLERS: dict[str, Callable[[HttpRequest, Site], HttpResponse]] = {
    "ranking": _vote_open,
    "method": _method,
    "paper": _paper,
    "translate": _translate,
    "write": _write,
}


def _own_recommendations(request: HttpRequest, site: Site) -> QuerySet[Recommendation]:
    """The recommendations of the tables this person works at (every table for hosts)."""
    tables = tables_for_staff(user=request.user, site=site)
    return Recommendation.objects.filter(site=site, table__in=tables)


def _page(
    request: HttpRequest, site: Site, *, bound: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    """The page, with `bound` (a form that was sent back with errors) in its place."""
    day_settings = selectors.site_day(site=site)
    languages = site_languages(site)
    sessions = site_sessions(site)
    session = shown_session(request, site)
    ranked, voters = (
        selectors.recommendations_ranked(site=site, session=session) if session else ([], 0)
    )
    items = [row.recommendation for row in ranked]
    own = _own_recommendations(request, site)
    own_ids = set(own.values_list("id", flat=True))
    translate_forms = {
        row.recommendation.id: TranslateForm(
            recommendations=own,
            languages=languages,
            recommendation_id=row.recommendation.id,
        )
        for row in ranked
        if row.recommendation.id in own_ids
    }
    if isinstance(bound, TranslateForm):
        chosen = (
            bound.cleaned_data.get("recommendation") if hasattr(bound, "cleaned_data") else None
        )
        if chosen is not None and chosen.id in translate_forms:
            translate_forms[chosen.id] = bound
        else:
            for errors in bound.errors.values():
                for error in errors:
                    messages.error(request, str(error))
    voting_this = day_settings.vote_session_id == (session.id if session else None)
    context = {
        "site": site,
        "day": day_settings,
        "session": session,
        "voting_this": voting_this,
        "vote_session": selectors.vote_session(site=site),
        "session_form": SessionChoiceForm(
            initial={"session": session.id if session else None}, sessions=sessions
        ),
        "runs_site": runs_site(user=request.user, site=site),
        "ranked": [(row, translate_forms.get(row.recommendation.id)) for row in ranked],
        "voters": voters,
        "vote_open_form": VoteOpenForm(
            sessions=sessions,
            initial={
                "open": "off" if day_settings.ranking_open and voting_this else "on",
                "session": session.id if session else None,
            },
        ),
        "method_form": bound
        if isinstance(bound, MethodForm)
        else MethodForm(
            initial={"method": day_settings.recommendation_method}, auto_id="method-%s"
        ),
        "paper_form": bound
        if isinstance(bound, PaperCountsForm)
        else PaperCountsForm(
            recommendations=items,
            counted=selectors.paper_approvals(site=site, session=session)
            if session
            else PaperApprovals(ballots=0, approvals={}),
        ),
        "write_form": bound
        if isinstance(bound, WriteForm)
        else WriteForm(
            tables=tables_for_staff(user=request.user, site=site),
            sessions=sessions,
            languages=languages,
            initial={"session": session.id if session else None},
        ),
    }
    return render(request, "deliberation/recommendations.html", context, status=status)
