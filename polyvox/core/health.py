"""Probes for load balancers and monitors: /healthz, /readyz and /metrics.

/healthz says the process answers (it touches nothing else, so a database outage does not
get every app server restarted). /readyz says this server can do its work: the database
answers, every migration is applied, Redis answers when configured, and whatever the apps
above core add (polyvox.operations adds the job queue). Both answer a small JSON body.

ProbeMiddleware answers the three before host validation and the HTTPS redirect: a load
balancer or Prometheus reaches each app server by its address, over plain HTTP on the
private network, and nothing here builds a URL from the Host header.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


ReadinessCheck = Callable[[], Check]


def database_answers() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        # The class only: a driver's message may carry the host name or the user.
        return Check("database_answers", ok=False, detail=type(error).__name__)
    return Check("database_answers", ok=True)


_migrated = False


def migrations_applied() -> Check:
    global _migrated  # once applied they stay applied: later probes skip the graph
    if _migrated:
        return Check("migrations_applied", ok=True)
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return Check("migrations_applied", ok=False, detail=type(error).__name__)
    if pending:
        return Check("migrations_applied", ok=False, detail=f"{len(pending)} not applied")
    _migrated = True
    return Check("migrations_applied", ok=True)


def redis_answers() -> Check:
    url: str = settings.REDIS_URL
    if not url:
        return Check("redis_answers", ok=True, detail="not configured")
    import redis

    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        return Check("redis_answers", ok=False, detail=type(error).__name__)
    finally:
        client.close()
    return Check("redis_answers", ok=True)


BASE_CHECKS: tuple[ReadinessCheck, ...] = (database_answers, migrations_applied, redis_answers)


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest, checks: Sequence[ReadinessCheck] = BASE_CHECKS) -> HttpResponse:
    results = []
    for check in checks:
        try:
            result = check()
        except DatabaseError as error:  # say, a table the pending migrations would create
            result = Check(check.__name__, ok=False, detail=type(error).__name__)
        results.append(result)
        if not result.ok and result.name == "database_answers":
            break  # every later check needs the database: one clear failure is enough
    ready = all(result.ok for result in results)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {
            result.name: {"ok": result.ok, **({"detail": result.detail} if result.detail else {})}
            for result in results
        },
    }
    response = JsonResponse(body, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class ProbeMiddleware:
    """First in MIDDLEWARE: answers the probe paths with the views urls.py gives them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info not in PROBE_PATHS or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        request.resolver_match = match
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        return response
