"""Replacements for panel members who declined, from the reserves or the pool."""

from __future__ import annotations

import hashlib

from django.db import transaction

from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Site
from polyvox.engines import sortition
from polyvox.recruitment import selectors
from polyvox.recruitment.models import SelectionRun, Volunteer
from polyvox.recruitment.panel_seam import SeatChange, panel_seam
from polyvox.recruitment.records import frozen_pool_load, record_dump, report_load
from polyvox.recruitment.selection import (
    SelectionError,
    infeasibility_text,
    panel_hash,
    volunteers_seat,
)


@transaction.atomic
def replacements_make(
    *, run: SelectionRun, on_progress: sortition.ProgressCallback | None = None
) -> list[str]:
    """Replace the panel members who declined, keeping every quota and household rule."""
    SelectionRun.objects.select_for_update().get(id=run.id)  # one replacement at a time
    frozen = frozen_pool_load(run.frozen)
    in_pool = set(frozen.ids)
    statuses = {
        str(volunteer_id): status
        for volunteer_id, status in Volunteer.objects.filter(site=run.site).values_list(
            "id", "status"
        )
        if str(volunteer_id) in in_pool
    }
    declined = [i for i, s in statuses.items() if s == Volunteer.Status.DECLINED]
    if not declined:
        return []
    panel = [i for i, s in statuses.items() if s == Volunteer.Status.SELECTED]
    gone = [i for i, s in statuses.items() if s in (Volunteer.Status.REPLACED, "withdrawn")]
    pool, quotas = frozen.engine_input()
    report = report_load(run.report)
    done = report.replacements
    seed = int(hashlib.sha256(f"{run.draw_seed}:replacements:{done}".encode()).hexdigest(), 16)
    try:
        chosen = sortition.find_replacements(
            pool,
            quotas,
            selected_ids=panel + declined,
            declined_ids=declined + gone,
            seed=seed % 2**31,
            algorithm=selectors.algorithm_of(run),
            on_progress=on_progress,
        )
    except sortition.InfeasibleQuotasError as error:
        raise SelectionError(infeasibility_text(run.site, error)) from None
    reserves = [i for i in chosen if statuses.get(i) == Volunteer.Status.RESERVE]
    _promote_reserves(run.site, reserves)
    volunteers_seat(site=run.site, ids=[i for i in chosen if i not in reserves], status="selected")
    Volunteer.objects.filter(site=run.site, id__in=[int(i) for i in declined]).update(
        status=Volunteer.Status.REPLACED
    )
    run.report = record_dump(report.model_copy(update={"replacements": done + len(chosen)}))
    run.save(update_fields=["report"])
    # Started by the decliners' answers, not by a person of the team: no actor.
    audit_record(
        actor=None,
        action="replacements.draw",
        site=run.site,
        target=f"selection {run.id}",
        details={
            "declined": len(declined),
            "replacements": len(chosen),
            "panel_hash": panel_hash([*panel, *chosen]),
        },
    )
    return chosen


def _promote_reserves(site: Site, ids: list[str]) -> None:
    volunteers = list(Volunteer.objects.filter(site=site, id__in=[int(i) for i in ids]))
    changes = [
        SeatChange(participant_digest=volunteer.participant_digest, status="selected")
        for volunteer in volunteers
        if volunteer.participant_digest
    ]
    panel_seam().participants_status_set(site=site, changes=changes)
    Volunteer.objects.filter(id__in=[volunteer.id for volunteer in volunteers]).update(
        status=Volunteer.Status.SELECTED
    )
