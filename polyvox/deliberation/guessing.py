"""Voting codes cannot be guessed: every path that takes a code counts its failed look-ups.

31^8 codes and a few hundred live ones per site: a guesser needs hundreds of millions of
tries. Failed look-ups (an unknown code, or one that cannot vote) are counted per address
and over all addresses (polyvox.core.ratelimit.FailureLimit); past the limit an address
gets 429 before any look-up. Only failures count, so a venue's 200 citizens on one
address, typing their codes right, are never slowed; a tenth of them mistyping twice stays
far below the limit.
"""

from __future__ import annotations

from django.http import HttpRequest

from polyvox.core.ratelimit import FailureLimit, Rate, failure_count, failures_block

CODE_LOOKUPS = FailureLimit(
    scope="voting-code", per_address=Rate(100, 600), overall=Rate(2000, 600)
)


def code_guessing_blocked(request: HttpRequest) -> int | None:
    """Seconds to wait before this address may try another code, or None."""
    return failures_block(limit=CODE_LOOKUPS, request=request)


def code_failure_count(request: HttpRequest) -> None:
    failure_count(limit=CODE_LOOKUPS, request=request)
