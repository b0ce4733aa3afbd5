"""Background jobs of the recruitment app.

Handlers take and return JSON objects (the jobs registry's contract for every app): the
parameters arrive as a Mapping[str, object] that each handler parses into a record first,
and it returns a dumped record.
"""

from __future__ import annotations

from collections.abc import Mapping

from polyvox.jobs.registry import JobResult, ProgressReporter, job_handler
from polyvox.recruitment.invitations import invitations_send
from polyvox.recruitment.models import PoolImport, SelectionRun
from polyvox.recruitment.pool_imports import pool_import_run
from polyvox.recruitment.records import (
    POOL_IMPORT,
    REPLACEMENTS,
    SELECTION,
    PoolImportOutcome,
    ReplacementsOutcome,
    SelectionOutcome,
    pool_import_job_load,
    record_dump,
    run_job_load,
)
from polyvox.recruitment.replacements import replacements_make
from polyvox.recruitment.selection import selection_compute

__all__ = ["POOL_IMPORT", "REPLACEMENTS", "SELECTION"]


@job_handler(POOL_IMPORT)
def pool_import(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Import an uploaded pool file; a refused file is a result (its problems), not a
    failure of the job."""
    upload = PoolImport.objects.select_related("site__dialogue", "created_by").get(
        id=pool_import_job_load(params).import_id
    )
    pool_import_run(upload=upload, on_progress=report)
    outcome = PoolImportOutcome(import_id=upload.id, status=upload.status, rows=upload.rows)
    return record_dump(outcome)


@job_handler(SELECTION)
def selection(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Compute the lottery of a prepared selection run."""
    run = SelectionRun.objects.select_related("site").get(id=run_job_load(params).run_id)
    selection_compute(run=run, on_progress=report)
    outcome = SelectionOutcome(
        run_id=run.id, minimum_probability=run.minimum_probability, panels=run.number_of_panels
    )
    return record_dump(outcome)


@job_handler(REPLACEMENTS)
def replacements(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Replace decliners, then invite the replacements."""
    run = SelectionRun.objects.select_related("site__dialogue").get(id=run_job_load(params).run_id)
    chosen = replacements_make(run=run, on_progress=report)
    invited = invitations_send(site=run.site)
    outcome = ReplacementsOutcome(run_id=run.id, replacements=len(chosen), invited=invited)
    return record_dump(outcome)
