"""The ballot API: citizens' apps post answers with a personal code; organisers read counts.

POST /ballots is the hot path on the day: no session, no CSRF (nothing rides on cookies),
one transaction and a handful of queries.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view

from polyvox.accounts.tokens import ApiTokenAuth
from polyvox.core.schemas import MAX_ID, DatabaseId, Problem, problems
from polyvox.deliberation import selectors
from polyvox.deliberation.access import participant_by_code
from polyvox.deliberation.ballots import BallotError, BallotOutcome, ballot_cast
from polyvox.deliberation.guessing import code_failure_count, code_guessing_blocked
from polyvox.deliberation.recommendations import recommendation_vote_cast

router = Router(tags=["deliberation"])

STATUS_FOR = {"not_found": 404, "not_allowed": 403, "closed": 409, "invalid": 422}
# A code that cannot vote (an absent citizen's) or cannot vote on this question (another
# site's) answers exactly as an unknown one, and counts as a failed look-up: a guesser
# learns nothing from it.
UNUSABLE = ("not_found", "not_allowed")


def code_taking(view: Callable[..., Any]) -> Callable[..., Any]:
    """Before parsing: JSON only (a page on another site can send text/plain without
    asking, never application/json), and no look-up from an address guessing codes."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.content_type != "application/json":
            return JsonResponse({"detail": _("Send the ballot as application/json.")}, status=415)
        wait = code_guessing_blocked(request)
        if wait is not None:
            response: HttpResponse = JsonResponse(
                {"detail": _("Too many unknown codes from your address. Try again later.")},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return guarded


def unusable_code(request: HttpRequest, message: str) -> Problem:
    """The answer to an unknown or unusable code (404), counted as a failed look-up."""
    code_failure_count(request)
    return Problem(detail=message)


# Ids beyond a database integer are refused as input errors, never sent to the database.
OptionId = Annotated[int, Field(ge=1, le=MAX_ID)]


# The anonymous ballot endpoints' error answers: 400 a body that is not JSON; 403, 404, 409
# and 422 from the ballot rules (422 also for a body that does not fit BallotIn, with
# `errors`); 415 a body that is not sent as application/json; 429 too many tries.
BALLOT_PROBLEMS = problems(400, 403, 404, 409, 415, 422, 429)
BALLOT_PROBLEMS_TEXT = (
    " 400: the body is not JSON; 415: it is not sent as `application/json`; 429: too many "
    "requests from this address, try again after `Retry-After` seconds. Every error answer "
    "is a `Problem`."
)


class BallotIn(Schema):
    code: str = Field(max_length=32)
    question: int = Field(ge=1, le=MAX_ID)
    choice: OptionId | list[OptionId] | str = Field(union_mode="left_to_right")


class BallotOut(Schema):
    status: str
    answer: int


class Results(Schema):
    n: int
    counts: dict[str, int]


@router.post(
    "/ballots",
    response={
        201: BallotOut,
        200: BallotOut,
        **BALLOT_PROBLEMS,
    },
    summary="Cast or change a citizen's answer",
    description=(
        "`choice` is an option id (single choice, scale), a list of option ids (multiple "
        "choice; ranking in order of preference) or a text (open question). 201 when the "
        "answer is recorded or changed, 200 when it repeats the recorded answer or an "
        "earlier request with the same `Idempotency-Key`. 404: unknown code or question "
        "not asked at the citizen's site; 409: voting on the question has closed; 422: "
        "the choice does not fit the question, or the body does not fit this schema."
        + BALLOT_PROBLEMS_TEXT
    ),
)
@decorate_view(code_taking)
def cast_ballot(request: HttpRequest, payload: BallotIn) -> Status[BallotOut | Problem]:
    try:
        answer_id, outcome = ballot_cast(
            code=payload.code,
            question_id=payload.question,
            choice=payload.choice,
            request_key=request.headers.get("Idempotency-Key", "")[:64],
        )
    except BallotError as error:
        if error.reason in UNUSABLE:
            return Status(
                404, unusable_code(request, _("This code or question is not known at your site."))
            )
        return Status(STATUS_FOR[error.reason], Problem(detail=error.message))
    status = 200 if outcome is BallotOutcome.REPLAYED else 201
    return Status(status, BallotOut(status=outcome.value, answer=answer_id))


class RecommendationBallotIn(Schema):
    code: str = Field(max_length=32)
    choice: list[OptionId] = Field(max_length=500)


class RecommendationBallotOut(Schema):
    status: str
    choice: list[int]


@router.post(
    "/recommendation-ballots",
    response={
        201: RecommendationBallotOut,
        200: RecommendationBallotOut,
        **BALLOT_PROBLEMS,
    },
    summary="Cast or change a citizen's vote on their site's recommendations",
    description=(
        "`choice` lists recommendation ids of the citizen's site. Under the ranking method, "
        "in order of preference (at least one); under approval voting, those the citizen "
        "approves, any number (an empty list approves none). 201 when recorded or changed, "
        "200 when it repeats the recorded vote. 404: unknown code; 409: the vote is not "
        "open; 422: an id that is not one of the site's recommendations, or repeated, or "
        "the body does not fit this schema." + BALLOT_PROBLEMS_TEXT
    ),
)
@decorate_view(code_taking)
def cast_recommendation_ballot(
    request: HttpRequest, payload: RecommendationBallotIn
) -> Status[RecommendationBallotOut | Problem]:
    participant = participant_by_code(code=payload.code)
    if participant is None:
        return Status(404, unusable_code(request, _("This code is not known.")))
    try:
        ballot, outcome = recommendation_vote_cast(participant=participant, choice=payload.choice)
    except BallotError as error:
        if error.reason in UNUSABLE:
            return Status(404, unusable_code(request, _("This code is not known.")))
        return Status(STATUS_FOR[error.reason], Problem(detail=error.message))
    status = 200 if outcome is BallotOutcome.REPLAYED else 201
    return Status(status, RecommendationBallotOut(status=outcome.value, choice=ballot.order))


@router.get(
    "/questions/{question_id}/results",
    response={200: Results, **problems(401, 404, 422)},
    auth=ApiTokenAuth(),
    summary="Counts per option for an organiser",
    description=(
        "Online answers plus final paper counts per option id. Needs "
        "`Authorization: Bearer <token>` of an organiser of the question's dialogue: 401 "
        "without a valid token, 404 for a question of another dialogue."
    ),
)
def question_results(request: HttpRequest, question_id: DatabaseId) -> Status[Results | Problem]:
    user = request.auth  # type: ignore[attr-defined]
    question = selectors.question_for_organiser(user=user, question_id=question_id)
    if question is None:
        return Status(404, Problem(detail="No such question."))
    results = selectors.question_results(question=question)
    return Status(200, Results(n=results.n, counts=results.counts))
