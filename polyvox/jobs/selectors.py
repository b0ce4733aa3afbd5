from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.accounts.models import AnyUser
from polyvox.accounts.selectors import organised_dialogue_ids
from polyvox.jobs.models import Job, Worker
from polyvox.jobs.registry import KINDS, JobOutcome
from polyvox.jobs.runner import lease_duration


def access_job_for_user(*, user: AnyUser, job_id: uuid.UUID) -> Job:
    """The person who started a job and the organisers of its dialogue may follow it."""
    if not user.is_authenticated:
        raise Http404("No such job.")
    mine = Q(created_by_id=user.pk)
    # A superuser organises every dialogue (but not jobs that belong to none).
    organised = (
        Q(dialogue__isnull=False)
        if user.is_superuser
        else Q(dialogue_id__in=organised_dialogue_ids(user))
    )
    try:
        return Job.objects.get(Q(id=job_id) & (mine | organised))
    except Job.DoesNotExist:
        raise Http404("No such job.") from None


@dataclass(frozen=True)
class JobLine:
    job: Job
    title: str


def jobs_recent_for_dialogue(*, dialogue_id: int, limit: int = 10) -> list[JobLine]:
    """The dialogue's latest jobs with their titles, for the organisers' pages: a job
    started and left is found again here, not only by its address."""
    jobs = Job.objects.filter(dialogue_id=dialogue_id).order_by("-created_at")[:limit]
    return [JobLine(job=job, title=job_title(job=job)) for job in jobs]


def job_title(*, job: Job) -> str:
    known = KINDS.get(job.kind)
    return str(known.title) if known is not None else job.kind


def job_outcome_describe(*, job: Job) -> JobOutcome | None:
    """The sentence and link a succeeded job's page ends with; None while it has none."""
    if job.status != Job.Status.SUCCEEDED:
        return None
    known = KINDS.get(job.kind)
    try:
        if known is not None:
            return known.describe(job)
    except (KeyError, TypeError, ValueError, NoReverseMatch):
        # A result stored by an older version, or whose object has since gone: the page
        # still ends with the plain outcome rather than an error.
        pass
    return JobOutcome(summary=_("The job is done."))


@dataclass(frozen=True)
class JobQueueState:
    """What operations watch: how much waits, for how long, and whether workers are alive."""

    queued: int
    running: int
    oldest_queued_age_seconds: float | None
    # Seconds since the most recent heartbeat (a claim or a progress report) of any running
    # job; None when nothing runs.
    last_heartbeat_age_seconds: float | None
    # Running jobs whose lease ran out: their worker died and no sweep has re-queued them yet.
    expired_leases: int


def job_queue_state(*, now: datetime.datetime | None = None) -> JobQueueState:
    now = now or timezone.now()
    queued = Job.objects.filter(status=Job.Status.QUEUED).aggregate(
        count=Count("id"), oldest=Min("created_at")
    )
    running = Job.objects.filter(status=Job.Status.RUNNING).aggregate(
        count=Count("id"),
        latest_lease=Max("lease_expires_at"),
        expired=Count("id", filter=Q(lease_expires_at__lt=now)),
    )
    # Each heartbeat sets the lease to now + lease_duration(): the latest lease tells when
    # the latest heartbeat was.
    latest_lease = running["latest_lease"]
    return JobQueueState(
        queued=queued["count"],
        running=running["count"],
        oldest_queued_age_seconds=(
            (now - queued["oldest"]).total_seconds() if queued["oldest"] else None
        ),
        last_heartbeat_age_seconds=(
            (now - (latest_lease - lease_duration())).total_seconds() if latest_lease else None
        ),
        expired_leases=running["expired"],
    )


# `polyvox worker` beats every HEARTBEAT_SECONDS; a worker not seen for SILENT_AFTER_SECONDS
# (three beats missed) is silent: killed, hung, or cut off from the database.
HEARTBEAT_SECONDS = 10.0
SILENT_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS


@dataclass(frozen=True)
class WorkerState:
    alive: int
    silent: int


def worker_state(*, now: datetime.datetime | None = None) -> WorkerState:
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=SILENT_AFTER_SECONDS)
    counts = Worker.objects.aggregate(
        alive=Count("id", filter=Q(seen_at__gte=cutoff)),
        silent=Count("id", filter=Q(seen_at__lt=cutoff)),
    )
    return WorkerState(alive=counts["alive"], silent=counts["silent"])
