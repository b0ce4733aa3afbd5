"""What operations watch that only the apps know: the job queue and the ballots.

Like polyvox.api, this module sits above the apps and wires them into core's probes
(polyvox.core.health) and metrics (polyvox.core.metrics); urls.py hands its checks and
collectors to the views.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from polyvox.core.health import BASE_CHECKS, Check, ReadinessCheck
from polyvox.core.metrics import BALLOTS_ACKNOWLEDGED, BALLOTS_REFUSED, RESPONSE_OBSERVERS
from polyvox.deliberation.models import Answer
from polyvox.jobs.selectors import SILENT_AFTER_SECONDS, job_queue_state, worker_state


def jobs_not_stalled() -> Check:
    """Stalled: a job has waited past JOBS_STALLED_SECONDS (no worker takes jobs), or a dead
    worker's lease ran out that long ago (no worker sweeps). An empty queue is fine."""
    limit: int = settings.JOBS_STALLED_SECONDS
    state = job_queue_state()
    if state.oldest_queued_age_seconds is not None and state.oldest_queued_age_seconds > limit:
        return Check("jobs_not_stalled", ok=False, detail=f"a job has waited over {limit} s")
    if (
        state.expired_leases
        and state.last_heartbeat_age_seconds is not None
        and state.last_heartbeat_age_seconds > limit
    ):
        return Check("jobs_not_stalled", ok=False, detail="running jobs without a live worker")
    return Check("jobs_not_stalled", ok=True)


READINESS_CHECKS: tuple[ReadinessCheck, ...] = (*BASE_CHECKS, jobs_not_stalled)


class JobQueueCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        state = job_queue_state()
        yield GaugeMetricFamily("polyvox_jobs_queued", "Jobs waiting for a worker.", state.queued)
        yield GaugeMetricFamily("polyvox_jobs_running", "Jobs a worker runs now.", state.running)
        yield GaugeMetricFamily(
            "polyvox_jobs_oldest_queued_age_seconds",
            "How long the oldest waiting job has waited (0 when none waits).",
            state.oldest_queued_age_seconds or 0.0,
        )
        heartbeat = GaugeMetricFamily(
            "polyvox_jobs_last_heartbeat_age_seconds",
            "Seconds since a worker last reported on a running job (absent when none runs).",
        )
        if state.last_heartbeat_age_seconds is not None:
            heartbeat.add_metric([], state.last_heartbeat_age_seconds)
        yield heartbeat
        yield GaugeMetricFamily(
            "polyvox_jobs_expired_leases",
            "Running jobs whose worker stopped renewing their lease, not yet swept.",
            state.expired_leases,
        )


class WorkerCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        state = worker_state()
        yield GaugeMetricFamily(
            "polyvox_workers_alive",
            f"Workers whose heartbeat came in the last {SILENT_AFTER_SECONDS:g} s.",
            state.alive,
        )
        yield GaugeMetricFamily(
            "polyvox_workers_silent",
            "Workers that stopped beating without stopping cleanly (killed or hung), "
            "forgotten after a day.",
            state.silent,
        )


class BallotCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        stored = GaugeMetricFamily(
            "polyvox_ballots_stored",
            "Answers stored in the database, by origin (online, paper, import).",
            labels=["origin"],
        )
        for row in Answer.objects.values("origin").annotate(n=Count("id")).order_by("origin"):
            stored.add_metric([row["origin"]], row["n"])
        yield stored


COLLECTORS: tuple[Collector, ...] = (JobQueueCollector(), WorkerCollector(), BallotCollector())

# The ballot endpoints' answers, as their API contract states them (polyvox.deliberation.api).
API_BALLOT_VIEWS = frozenset({"api-1:cast_ballot", "api-1:cast_recommendation_ballot"})
API_REFUSALS = {
    400: "malformed",
    403: "not_allowed",
    404: "not_found",
    409: "closed",
    415: "not_json",
    422: "invalid",
    429: "rate_limited",
}
FORM_BALLOT_VIEW = "deliberation:ballot"


def count_ballot(request: HttpRequest, response: HttpResponse, route: str) -> None:
    """Ballots acknowledged and refused, told apart by the status the citizen received."""
    match = request.resolver_match
    if request.method != "POST" or match is None:
        return
    status = response.status_code
    if match.view_name in API_BALLOT_VIEWS:
        if status in (200, 201):
            BALLOTS_ACKNOWLEDGED.labels(channel="api").inc()
        elif status in API_REFUSALS:
            BALLOTS_REFUSED.labels(channel="api", reason=API_REFUSALS[status]).inc()
    elif match.view_name == FORM_BALLOT_VIEW:
        # The form shows the page again with the error; it redirects both after a stored
        # answer and for an unknown question, so its stored answers are counted only in
        # polyvox_ballots_stored (from the database).
        if status == 429:
            BALLOTS_REFUSED.labels(channel="form", reason="rate_limited").inc()
        elif status == 200:
            BALLOTS_REFUSED.labels(channel="form", reason="form_error").inc()


if count_ballot not in RESPONSE_OBSERVERS:
    RESPONSE_OBSERVERS.append(count_ballot)
