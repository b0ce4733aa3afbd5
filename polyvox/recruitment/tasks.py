"""Background jobs of the recruitment app."""

from __future__ import annotations

from typing import Any

from polyvox.jobs.registry import JobResult, ProgressReporter, job_handler
from polyvox.recruitment import services
from polyvox.recruitment.models import PoolImport, SelectionRun

SELECTION = "recruitment.selection"
REPLACEMENTS = "recruitment.replacements"
POOL_IMPORT = "recruitment.pool_import"


@job_handler(POOL_IMPORT)
def pool_import(params: dict[str, Any], report: ProgressReporter) -> JobResult:
    """Import an uploaded pool file; a refused file is a result (its problems), not a
    failure of the job."""
    upload = PoolImport.objects.select_related("site__dialogue", "created_by").get(
        id=params["import_id"]
    )
    services.pool_import_run(upload=upload, on_progress=report)
    return {"import_id": upload.id, "status": upload.status, "rows": upload.rows}


@job_handler(SELECTION)
def selection(params: dict[str, Any], report: ProgressReporter) -> JobResult:
    """Compute the lottery of a prepared selection run."""
    run = SelectionRun.objects.select_related("site").get(id=params["run_id"])
    services.selection_compute(run=run, on_progress=report)
    return {
        "run_id": run.id,
        "minimum_probability": run.minimum_probability,
        "panels": run.number_of_panels,
    }


@job_handler(REPLACEMENTS)
def replacements(params: dict[str, Any], report: ProgressReporter) -> JobResult:
    """Replace decliners, then invite the replacements."""
    run = SelectionRun.objects.select_related("site__dialogue").get(id=params["run_id"])
    chosen = services.replacements_make(run=run, on_progress=report)
    invited = services.invitations_send(site=run.site)
    return {"run_id": run.id, "replacements": len(chosen), "invited": invited}
