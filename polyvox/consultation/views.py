"""Consultation pages: plain forms that work without JavaScript on any phone."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polyvox.accounts.models import User
from polyvox.consultation import selectors, services
from polyvox.consultation.access import (
    access_consultation_for_organiser,
    access_consultation_for_reader,
    access_participant_for_organiser,
    access_statement_for_organiser,
    consultations_moderated_by,
)
from polyvox.consultation.forms import BanForm, ModerationForm, StatementForm, VoteForm, first_error
from polyvox.consultation.models import Consultation, Statement
from polyvox.core.ratelimit import (
    Rate,
    client_address,
    rate_allows,
    rate_limited,
    too_many_requests,
)

COOKIE = "polyvox_participant"
COOKIE_SALT = "polyvox.consultation.cookie"
COOKIE_AGE = 365 * 24 * 3600


def _raw_identity(request: HttpRequest) -> str | None:
    """An account id when signed in, else the random id of the signed cookie, if any."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    raw = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    return None if raw is None else f"cookie:{raw}"


def _key_for(request: HttpRequest, consultation: Consultation) -> str | None:
    raw = _raw_identity(request)
    return None if raw is None else services.participant_key(consultation=consultation, raw=raw)


def _key_or_new(request: HttpRequest, consultation: Consultation) -> tuple[str, str | None]:
    """The participant key, and the new cookie value to set when there was none."""
    raw = _raw_identity(request)
    new_cookie = None
    if raw is None:
        new_cookie = secrets.token_urlsafe(18)
        raw = f"cookie:{new_cookie}"
    return services.participant_key(consultation=consultation, raw=raw), new_cookie


def _with_cookie(response: HttpResponse, new_cookie: str | None) -> HttpResponse:
    if new_cookie is not None:
        response.set_signed_cookie(
            COOKIE,
            new_cookie,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = selectors.consultation_list(user=request.user)
    return render(request, "consultation/list.html", {"consultations": consultations})


def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_reader(user=request.user, slug=slug)
    participant = selectors.participant_find(
        consultation=consultation, key=_key_for(request, consultation)
    )
    voted, total = selectors.statement_progress(consultation=consultation, participant=participant)
    context = {
        "consultation": consultation,
        "participant": participant,
        "statement": selectors.statement_next(consultation=consultation, participant=participant)
        if consultation.is_open
        else None,
        "voted": voted,
        "total": total,
        "my_votes": selectors.votes_of(participant=participant),
        "max_length": services.STATEMENT_MAX_LENGTH,
        "can_moderate": _can_moderate(request, consultation),
        "questions": selectors.demographic_questions(
            consultation=consultation, participant=participant
        ),
    }
    return render(request, "consultation/detail.html", context)


def _can_moderate(request: HttpRequest, consultation: Consultation) -> bool:
    return consultations_moderated_by(request.user).filter(id=consultation.id).exists()


# Without a (validly signed) cookie every request is a new participant and escapes the
# per-person limits: so new participants are counted per address. Citizens at a venue share
# one address but seldom all start in the same minute; a script that drops its cookie is
# held to the minute's count, then to the hour's.
NEW_PARTICIPANTS_PER_ADDRESS = (Rate(30, 60), Rate(300, 3600))
# Statements from new participants: an address gets what one person gets.
NEW_AUTHOR_STATEMENTS_PER_ADDRESS = Rate(10, 600)


def _new_participant_refused(
    request: HttpRequest, *, rates: tuple[Rate, ...], scope: str
) -> HttpResponse | None:
    if not settings.RATE_LIMITS_ENABLED or _raw_identity(request) is not None:
        return None
    address = client_address(request)
    for rate in rates:
        if not rate_allows(scope=f"{scope}:{rate.seconds}", key=address, rate=rate):
            return too_many_requests(request, rate.seconds)
    return None


def _limits_new_participants(
    *extra: Rate, scope: str = "consultation-new-participant"
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refused = _new_participant_refused(
                request, rates=NEW_PARTICIPANTS_PER_ADDRESS, scope="consultation-new-participant"
            )
            if refused is None and extra:
                refused = _new_participant_refused(request, rates=extra, scope=scope)
            return refused or view(request, *args, **kwargs)

        return limited

    return decorate


@require_POST
@rate_limited(
    "consultation-vote",
    per_address=Rate(3000, 60),
    per_person=Rate(60, 60),
    person=_raw_identity,
)
@_limits_new_participants()
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_reader(user=request.user, slug=slug)
    key, new_cookie = _key_or_new(request, consultation)
    form = VoteForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ConsultationError(_("Choose agree, disagree or pass."))
        services.vote_cast(
            consultation=consultation,
            key=key,
            statement_number=form.cleaned_data["statement"],
            value=form.vote_value(),
        )
    except services.ConsultationError as error:
        messages.error(request, str(error))
        new_cookie = None
    response = redirect("consultation:detail", slug=consultation.slug)
    return _with_cookie(response, new_cookie)


@require_POST
@rate_limited(
    "consultation-statement",
    per_address=Rate(300, 600),
    per_person=Rate(10, 600),
    person=_raw_identity,
)
@_limits_new_participants(NEW_AUTHOR_STATEMENTS_PER_ADDRESS, scope="consultation-new-author")
def submit_statement(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_reader(user=request.user, slug=slug)
    key, new_cookie = _key_or_new(request, consultation)
    language = (get_language() or consultation.source_language).split("-")[0]
    form = StatementForm(request.POST)
    form.is_valid()  # text is optional here: statement_submit gives the message for every case
    try:
        services.statement_submit(
            consultation=consultation,
            key=key,
            text=form.cleaned_data.get("text", ""),
            language=language,
        )
    except services.ConsultationError as error:
        messages.error(request, str(error))
        new_cookie = None
    else:
        if consultation.moderation == Consultation.Moderation.PRE:
            messages.success(
                request, _("Thank you. Your statement will appear once a moderator accepts it.")
            )
        else:
            messages.success(request, _("Thank you. Your statement is now open for votes."))
    response = redirect("consultation:detail", slug=consultation.slug)
    return _with_cookie(response, new_cookie)


@require_POST
@rate_limited(
    "consultation-describe",
    per_address=Rate(1000, 60),
    per_person=Rate(20, 60),
    person=_raw_identity,
)
@_limits_new_participants()
def describe(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_reader(user=request.user, slug=slug)
    key, new_cookie = _key_or_new(request, consultation)
    answers = {name: str(value) for name, value in request.POST.items()}
    try:
        services.participant_describe(consultation=consultation, key=key, answers=answers)
    except services.ConsultationError as error:
        messages.error(request, str(error))
        new_cookie = None
    else:
        messages.success(request, _("Thank you for telling us about yourself."))
    response = redirect("consultation:detail", slug=consultation.slug)
    return _with_cookie(response, new_cookie)


def opinion_map(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_reader(user=request.user, slug=slug)
    services.recompute_if_stale(consultation=consultation)
    context = {
        "consultation": consultation,
        "map": selectors.opinion_map_view(consultation=consultation),
        "can_moderate": _can_moderate(request, consultation),
    }
    return render(request, "consultation/map.html", context)


# ---------------------------------------------------------------- organisers


@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_organiser(user=request.user, slug=slug)
    context = {
        "consultation": consultation,
        "queue": selectors.moderation_queue(consultation=consultation),
        "history": selectors.moderation_history(consultation=consultation),
        "banned": selectors.banned_participants(consultation=consultation),
        "statuses": Statement.Status,
    }
    return render(request, "consultation/moderation.html", context)


@require_POST
@login_required
def moderate_statement(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    statement = access_statement_for_organiser(user=request.user, slug=slug, number=number)
    assert isinstance(request.user, User)
    form = ModerationForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ConsultationError(first_error(form))
        services.statement_moderate(
            statement=statement,
            status=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            moderator=request.user,
        )
    except services.ConsultationError as error:
        messages.error(request, f"{statement.number}: {error}")
    else:
        messages.success(request, _("Statement %(number)s moderated.") % {"number": number})
    return redirect("consultation:moderation", slug=slug)


@require_POST
@login_required
def ban_participant(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    participant = access_participant_for_organiser(
        user=request.user, slug=slug, participant_id=participant_id
    )
    assert isinstance(request.user, User)
    form = BanForm(request.POST)
    form.is_valid()  # reason is optional; participant_ban says when one is needed
    try:
        services.participant_ban(
            participant=participant, reason=form.cleaned_data["reason"], moderator=request.user
        )
    except services.ConsultationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(participant)s is banned.") % {"participant": participant})
    return redirect("consultation:moderation", slug=slug)


@require_POST
@login_required
def recompute(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_organiser(user=request.user, slug=slug)
    assert isinstance(request.user, User)
    job = services.recompute_now(consultation=consultation, requested_by=request.user)
    return redirect("jobs:detail", job_id=job.id)


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_organiser(user=request.user, slug=slug)
    data = selectors.consultation_export_zip(consultation=consultation)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-opendata.zip"'
    return response
