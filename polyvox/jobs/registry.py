"""Which function runs which kind of job. Apps register handlers in their tasks.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from polyvox.jobs.models import Job

JobResult = dict[str, Any]


class ProgressReporter(Protocol):
    def __call__(self, fraction: float, message: str = "") -> None: ...


JobHandler = Callable[[dict[str, Any], ProgressReporter], JobResult]
HANDLERS: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(handler: JobHandler) -> JobHandler:
        if kind in HANDLERS and HANDLERS[kind] is not handler:
            raise ValueError(f"Two handlers for job kind {kind!r}.")
        HANDLERS[kind] = handler
        return handler

    return register


@dataclass(frozen=True)
class JobOutcome:
    """How a finished job's page ends: what came of it, in a sentence, and where to go next."""

    summary: str
    link_url: str = ""
    link_label: str = ""


OutcomeDescriber = Callable[["Job"], JobOutcome]


@dataclass(frozen=True)
class JobKind:
    """What a person reads about one kind of job: its name and how to tell its outcome."""

    title: StrOrPromise
    describe: OutcomeDescriber


KINDS: dict[str, JobKind] = {}


def job_outcome(
    kind: str, *, title: StrOrPromise
) -> Callable[[OutcomeDescriber], OutcomeDescriber]:
    """Declare a job kind's title and how its succeeded job describes its result and links
    to it (e.g. a report job to its PDF). tests/jobs checks every handler has one."""

    def register(describe: OutcomeDescriber) -> OutcomeDescriber:
        known = KINDS.get(kind)
        if known is not None and known.describe is not describe:
            raise ValueError(f"Two outcome describers for job kind {kind!r}.")
        KINDS[kind] = JobKind(title=title, describe=describe)
        return describe

    return register


# Work every worker does each minute, beside the sweep (e.g. queueing the reminders that
# have fallen due). Each must be safe to run from several workers at once.
PeriodicTask = Callable[[], object]
PERIODIC: dict[str, PeriodicTask] = {}


def periodic(name: str) -> Callable[[PeriodicTask], PeriodicTask]:
    def register(task: PeriodicTask) -> PeriodicTask:
        if name in PERIODIC and PERIODIC[name] is not task:
            raise ValueError(f"Two periodic tasks named {name!r}.")
        PERIODIC[name] = task
        return task

    return register
