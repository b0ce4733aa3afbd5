"""Prometheus metrics at /metrics: what happens in requests, counted per route pattern.

Labels carry the URL pattern (`en/vote/<str:code>/`), never the path: paths and query strings
hold voting codes and self-service tokens, and a label value is kept for ever by Prometheus.

Two kinds of figures:
- counters and histograms of events in this process (requests, refusals). `polyvox serve`
  runs several gunicorn processes, so it sets PROMETHEUS_MULTIPROC_DIR and prometheus-client's
  multiprocess mode adds the processes' files up at scrape time;
- gauges of shared state (queue depth, stored ballots) read from the database at scrape time
  by collectors, so every app server reports the same truth and no process keeps a copy.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from polyvox.core.access_log import STATIC_ROUTE, UNMATCHED
from polyvox.core.ratelimit import client_address

REQUESTS = Counter(
    "polyvox_http_requests",
    "Requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "polyvox_http_request_duration_seconds",
    "Time to answer a request, by route pattern and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
RATE_LIMIT_REFUSALS = Counter(
    "polyvox_rate_limit_refusals",
    "Requests refused with 429 by a rate limit, by route pattern.",
    ["route"],
)
BALLOTS_ACKNOWLEDGED = Counter(
    "polyvox_ballots_acknowledged",
    "Ballots the server acknowledged as stored, by channel (api, form).",
    ["channel"],
)
BALLOTS_REFUSED = Counter(
    "polyvox_ballots_refused",
    "Ballots refused, by channel (api, form) and reason.",
    ["channel", "reason"],
)

# Called with each request and its response once the view has answered; apps above core
# register them (polyvox.operations), since only they know which route does what.
ResponseObserver = Callable[[HttpRequest, HttpResponse, str], None]
RESPONSE_OBSERVERS: list[ResponseObserver] = []


def route_of(request: HttpRequest) -> str:
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    if match is not None:
        return "/" + match.route
    static_url: str = settings.STATIC_URL
    if request.path_info.startswith(static_url):
        return STATIC_ROUTE  # whitenoise answers before URL resolution
    return UNMATCHED


class RequestMetricsMiddleware:
    """Counts and times every request under its route pattern."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route = route_of(request)
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        REQUESTS.labels(route=route, method=method, status=str(response.status_code)).inc()
        LATENCY.labels(route=route, method=method).observe(time.perf_counter() - started)
        if response.status_code == 429:
            # Every 429 here is a rate limit's (polyvox.core.ratelimit, or a view's own
            # guard against code guessing).
            RATE_LIMIT_REFUSALS.labels(route=route).inc()
        for observe in RESPONSE_OBSERVERS:
            observe(request, response, route)
        return response


# Any other method (a scanner's invented verbs) shares one label, so labels stay few.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def scrape_allowed(request: HttpRequest) -> bool:
    """From an address in METRICS_ALLOWED_IPS, or with `Authorization: Bearer METRICS_TOKEN`."""
    token: str = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    networks: list[str] = settings.METRICS_ALLOWED_IPS
    return any(address in ipaddress.ip_network(network) for network in networks)


def exposition(collectors: Sequence[Collector] = ()) -> bytes:
    """This machine's metrics in Prometheus's text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Under `polyvox serve`: the counts of every gunicorn process of this machine.
        processes = CollectorRegistry()
        MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
        own = generate_latest(processes)
    else:
        own = generate_latest(REGISTRY)
    # A registry of their own, built per scrape: registered globally, the collectors would
    # query the database whenever anything else reads the global registry.
    shared = []
    for collector in collectors:
        registry = CollectorRegistry()
        registry.register(collector)
        try:
            shared.append(generate_latest(registry))
        except DatabaseError:
            # The database is down: the figures it holds are missing from this scrape (an
            # alert on absent series sees it) and the process's own counts still come.
            continue
    return own + b"".join(shared)


def metrics(request: HttpRequest, collectors: Sequence[Collector] = ()) -> HttpResponse:
    if not scrape_allowed(request):
        return HttpResponse(status=403)
    return HttpResponse(exposition(collectors), content_type=CONTENT_TYPE_LATEST)
