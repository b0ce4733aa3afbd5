"""The versioned JSON API (/api/v1/), documented by OpenAPI at /api/v1/docs.

Each app adds its router here; endpoints stay thin and call selectors and services.

Every error answer has one body, `polyvox.core.schemas.Problem`, and every endpoint lists
the statuses it can give in its `response={...}`: the document tells a client the truth
(checked in CI by schemathesis against a running server, tests/api/schemathesis_run.sh).
The handlers below give ninja's own answers (422 for input that does not fit, 401 for a
missing or unknown token, 400 for a body that does not parse) that same body.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from polyvox.consultation.api import router as consultation_router
from polyvox.core.schemas import INPUT_MISFIT, TOKEN_NEEDED, InputError, Problem
from polyvox.deliberation.api import router as deliberation_router
from polyvox.dialogues.api import router as dialogues_router
from polyvox.recruitment.api import router as recruitment_router
from polyvox.results.api import router as results_router
from polyvox.results.impact_api import router as impact_router

api = NinjaAPI(
    title="Polyvox API",
    version="1",
    description=(
        "Read-only data on published dialogues, and the ballot API for the deliberation day. "
        "Every error answer (4xx) is a `Problem`: `detail` for a person and, on 422 for "
        "input that does not fit this document, `errors` listing each misfit."
    ),
    urls_namespace="api-1",
)


@api.exception_handler(ValidationError)
def input_does_not_fit(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        InputError(loc=list(error["loc"]), msg=str(error["msg"]), type=str(error["type"]))
        for error in exc.errors
    ]
    problem = Problem(detail=str(INPUT_MISFIT), errors=errors)
    return api.create_response(request, problem.model_dump(), status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    problem = Problem(detail=str(TOKEN_NEEDED))
    response = api.create_response(request, problem.model_dump(), status=exc.status_code)
    response["WWW-Authenticate"] = "Bearer"
    return response


api.add_router("/dialogues", dialogues_router)
# Each app's router sets its own paths (e.g. /ballots, /questions/{id}/results).
api.add_router("", recruitment_router)
api.add_router("", deliberation_router)
api.add_router("", results_router)
api.add_router("", impact_router)
api.add_router("", consultation_router)
