"""Background jobs of the recruitment app."""

from __future__ import annotations

from typing import Any

from polyvox.jobs.registry import JobResult, ProgressReporter, job_handler
from polyvox.recruitment import services
from polyvox.recruitment.models import SelectionRun

SELECTION = "recruitment.selection"
REPLACEMENTS = "recruitment.replacements"


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
