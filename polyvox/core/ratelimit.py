"""Rate limits for anonymous endpoints (registration, statements, votes, ballots).

Our own thirty lines rather than django-ratelimit: its system checks reject both Django's
built-in Redis cache and the local-memory cache we use without Redis. Counts live in
Django's cache (Redis when REDIS_URL is set, so every worker process shares them), in
fixed windows. Keys are hashed: no address or code is stored in clear.

Limits come in pairs: a generous one per address, because a venue's 200 citizens share
one, and a tight one per person (voting code, cookie, account).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

View = TypeVar("View", bound=Callable[..., HttpResponse])


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def client_address(request: HttpRequest) -> str:
    """The caller's address; behind `TRUSTED_PROXIES` reverse proxies, the one they saw."""
    proxies: int = settings.TRUSTED_PROXIES
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def rate_allows(*, scope: str, key: str, rate: Rate) -> bool:
    """Counts one request against `key`'s window; False once the window is over its limit."""
    window = int(time.time() // rate.seconds)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rate:{scope}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=rate.seconds + 1):
        return rate.limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=rate.seconds + 1)
        count = 1
    return count <= rate.limit


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    body = render_to_string("core/rate_limited.html", request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(
    scope: str,
    *,
    per_address: Rate,
    per_person: Rate | None = None,
    person: Callable[[HttpRequest], str | None] | None = None,
    methods: tuple[str, ...] = ("POST",),
) -> Callable[[View], View]:
    """Answers 429 with Retry-After when the address or the person goes over their rate."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods and settings.RATE_LIMITS_ENABLED:
                if not rate_allows(scope=scope, key=client_address(request), rate=per_address):
                    return too_many_requests(request, per_address.seconds)
                who = person(request) if person else None
                if (
                    per_person
                    and who
                    and not rate_allows(scope=f"{scope}:person", key=who, rate=per_person)
                ):
                    return too_many_requests(request, per_person.seconds)
            return view(request, *args, **kwargs)

        return limited  # type: ignore[return-value]  # functools.wraps keeps the signature at run time

    return decorate


# --- Failed look-ups of a secret (voting codes) -------------------------------------------
#
# Counting every request would hold a venue's 200 citizens to the guesser's rate; counting
# only failures stops a guesser and leaves citizens who type their code right alone. Two
# counters per window: one per address, and one for all addresses together (a guesser
# spread over many addresses). While the overall counter is over its limit, an address
# that has itself failed in the window gets no further look-ups; one that has not (a
# citizen typing a right code) still gets through, so a flood cannot lock everyone out.


@dataclass(frozen=True)
class FailureLimit:
    scope: str
    per_address: Rate
    overall: Rate


def _failure_keys(limit: FailureLimit, request: HttpRequest) -> tuple[str, str]:
    address = hashlib.sha256(
        f"{settings.SECRET_KEY}:{client_address(request)}".encode()
    ).hexdigest()[:32]
    address_window = int(time.time() // limit.per_address.seconds)
    overall_window = int(time.time() // limit.overall.seconds)
    return (
        f"fail:{limit.scope}:{address}:{address_window}",
        f"fail:{limit.scope}:*:{overall_window}",
    )


def failures_block(*, limit: FailureLimit, request: HttpRequest) -> int | None:
    """Seconds to wait (for Retry-After) if this address may not look up another secret
    now; None when it may. Reads the counters, counts nothing."""
    if not settings.RATE_LIMITS_ENABLED:
        return None
    mine, everyone = _failure_keys(limit, request)
    counts = cache.get_many([mine, everyone])
    failed_here = int(counts.get(mine, 0))
    if failed_here >= limit.per_address.limit:
        return limit.per_address.seconds
    if failed_here and int(counts.get(everyone, 0)) >= limit.overall.limit:
        return limit.overall.seconds
    return None


def failure_count(*, limit: FailureLimit, request: HttpRequest) -> None:
    """Counts one failed look-up from this address, and overall."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    mine, everyone = _failure_keys(limit, request)
    for key, rate in ((mine, limit.per_address), (everyone, limit.overall)):
        if cache.add(key, 1, timeout=rate.seconds + 1):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rate.seconds + 1)
