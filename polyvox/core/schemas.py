"""Types shared by the API routers: path ids and the one body of every error answer."""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Schema

# PostgreSQL's bigint: a larger id must be refused as invalid input (422), not reach the
# database and fail there.
MAX_ID = 2**63 - 1
DatabaseId = Annotated[int, Path(ge=1, le=MAX_ID)]


class InputError(Schema):
    """One part of a request that does not fit the document (a 422's `errors`)."""

    loc: list[str | int] = Field(
        description='Where: "path", "query" or "body", then the field names and list indexes.'
    )
    msg: str
    type: str = Field(description="pydantic's error type, e.g. `missing`, `int_parsing`.")


class Problem(Schema):
    """The body of every error answer of the API (4xx)."""

    detail: str = Field(description="What went wrong, for a person.")
    # Left out of the body when empty: only ninja's 422 for a misfit request has it.
    errors: list[InputError] = Field(
        default_factory=list,
        exclude_if=lambda errors: not errors,
        description="On 422 for input that does not fit the document: each misfit.",
    )


Problems = dict[int, type[Problem]]


def problems(*statuses: int) -> Problems:
    """`response={...}` entries documenting the error answers an endpoint can give."""
    return dict.fromkeys(statuses, Problem)


# ninja's own error answers, given the Problem body by the handlers in polyvox/api.py.
INPUT_MISFIT = _("The request does not fit the API's schema.")
TOKEN_NEEDED = _("A valid API token is needed: Authorization: Bearer <token>.")
