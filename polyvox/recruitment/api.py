from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from polyvox.core.schemas import DatabaseId, problems
from polyvox.recruitment.access import access_run_for_reader
from polyvox.recruitment.records import SelectionReport, report_load

router = Router(tags=["recruitment"])


class SelectionReportOut(Schema):
    id: int
    dialogue: str
    site: str
    algorithm: str
    panel_size: int
    commitment: str
    public_random: str
    draw_seed: str
    ticket: int | None
    panels: int
    minimum_probability: float | None
    report: SelectionReport


@router.get(
    "/selections/{run_id}",
    response={200: SelectionReportOut, **problems(404, 422)},
    summary="The anonymised report of a drawn panel: counts per category, probabilities, "
    "and what anyone needs to verify the draw",
    description="404 for a selection that does not exist or is not public; 422 for an id "
    "that is not a positive 64-bit integer.",
)
def get_selection_report(request: HttpRequest, run_id: DatabaseId) -> SelectionReportOut:
    run = access_run_for_reader(user=request.user, run_id=run_id)
    report = report_load(run.report)
    return SelectionReportOut(
        id=run.id,
        dialogue=run.site.dialogue.slug,
        site=run.site.slug,
        algorithm=run.algorithm,
        panel_size=run.panel_size,
        commitment=run.commitment,
        public_random=run.public_random,
        draw_seed=run.draw_seed,
        ticket=run.ticket,
        panels=report.lottery_panels or run.panels,
        minimum_probability=run.minimum_probability,
        report=report,
    )
