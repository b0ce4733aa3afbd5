"""Which function runs which kind of job. Apps register handlers in their tasks.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

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
