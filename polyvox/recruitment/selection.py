"""Selection runs: freeze the pool, compute the lottery, draw the panel and its reserves."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Site
from polyvox.engines import sortition
from polyvox.jobs.services import job_enqueue
from polyvox.people.digests import participant_digest_for
from polyvox.recruitment import selectors, stages
from polyvox.recruitment.models import SelectionRun, Volunteer
from polyvox.recruitment.panel_seam import Seat, SeatStatus, panel_seam
from polyvox.recruitment.records import (
    SELECTION,
    RunJob,
    StoredLottery,
    frozen_pool_load,
    lottery_load,
    record_dump,
    volunteer_values_load,
)


class SelectionError(Exception):
    pass


@transaction.atomic
def selection_prepare(
    *, site: Site, panel_size: int, reserves: int, algorithm: str, created_by: User | None
) -> SelectionRun:
    """Freeze the pool and quotas and compute the commitment to publish before the draw.
    The lottery itself is computed by the `recruitment.selection` job."""
    if algorithm not in sortition.ALGORITHMS:
        raise SelectionError(_("Unknown algorithm."))
    if SelectionRun.objects.filter(site=site, status=SelectionRun.Status.DRAWN).exists():
        raise SelectionError(_("This site's panel has already been drawn."))
    _refuse_out_of_stage(site)
    frozen = selectors.pool_frozen(site=site, panel_size=panel_size)
    pool, quotas = frozen.engine_input()
    if not 0 < panel_size <= pool.size:
        raise SelectionError(
            _("The panel size must be between 1 and the pool size (%(n)s).") % {"n": pool.size}
        )
    # Refuse impossible quotas now, with the relaxation to make, rather than after a job.
    problems = selectors.quota_engine_problems(site=site, panel_size=panel_size, entered=None)
    if problems:
        raise SelectionError("\n".join(problems))
    run = SelectionRun.objects.create(
        site=site,
        algorithm=algorithm,
        panel_size=panel_size,
        reserves=reserves,
        frozen=record_dump(frozen),
        created_by=created_by,
    )
    run.commitment = sortition.commitment_for(
        pool,
        quotas,
        panel_size,
        algorithm=selectors.algorithm_of(run),
        panels=run.panels,
        seed=run.seed,
        rounding="fair",
    )
    run.save(update_fields=["commitment"])
    return run


class RegistrationStillOpenError(SelectionError):
    """The lottery needs a pool that no longer changes: the host closes registration first."""


def _refuse_out_of_stage(site: Site) -> None:
    stage = stages.site_stage_of(site=site, now=timezone.now())
    if stage == stages.Stage.REGISTRATION:
        raise RegistrationStillOpenError(
            _(
                "Close registration first: volunteers who register after the lottery is "
                "prepared would not be in it."
            )
        )
    if stage == stages.Stage.RESULTS_FINAL:
        raise SelectionError(
            _("The results of this dialogue are published: no panel can be drawn any more.")
        )


@transaction.atomic
def selection_start(
    *, site: Site, panel_size: int, reserves: int, algorithm: str, created_by: User
) -> SelectionRun:
    """Prepare a run and queue the job that computes its lottery, in one transaction."""
    run = selection_prepare(
        site=site,
        panel_size=panel_size,
        reserves=reserves,
        algorithm=algorithm,
        created_by=created_by,
    )
    run.job = job_enqueue(
        kind=SELECTION,
        params=record_dump(RunJob(run_id=run.id)),
        dialogue=site.dialogue,
        created_by=created_by,
    )
    run.save(update_fields=["job"])
    return run


def selection_compute(*, run: SelectionRun, on_progress: sortition.ProgressCallback) -> None:
    """Find the fairest distribution over panels and round it to the published lottery."""
    if run.status != SelectionRun.Status.PREPARING:
        return  # a retried job whose first attempt stored the outcome: nothing left to do
    pool, quotas = frozen_pool_load(run.frozen).engine_input()
    try:
        distribution = sortition.find_distribution(
            pool,
            quotas,
            run.panel_size,
            algorithm=selectors.algorithm_of(run),
            seed=run.seed,
            on_progress=on_progress,
        )
        # The fair rounding, as the commitment says; more tickets than run.panels if needed.
        lottery = sortition.round_to_lottery(
            distribution, panels=run.panels, seed=run.seed, rounding="fair"
        )
    except sortition.InfeasibleQuotasError as error:
        run.status = SelectionRun.Status.FAILED
        run.error = infeasibility_text(run.site, error)
        _selection_run_save(run, ["status", "error"])
        raise SelectionError(run.error) from None
    run.lottery = record_dump(StoredLottery.of(lottery, distribution))
    run.minimum_probability = distribution.minimum_probability
    run.number_of_panels = len(set(lottery.panels))
    run.status = SelectionRun.Status.PREPARED
    _selection_run_save(run, ["lottery", "minimum_probability", "number_of_panels", "status"])


@transaction.atomic
def _selection_run_save(run: SelectionRun, fields: list[str]) -> None:
    """Save the run's outcome and its audit entry together, so neither exists alone, and
    once: the row lock and the status check let only the first attempt of a retried job
    store them (a later one must neither audit the run twice nor undo a draw made since)."""
    still_preparing = (
        SelectionRun.objects.select_for_update()
        .filter(id=run.id, status=SelectionRun.Status.PREPARING)
        .first()
    )
    if still_preparing is None:
        return
    run.save(update_fields=fields)
    audit_record(
        actor=run.created_by,
        action="selection.run",
        site=run.site,
        target=f"selection {run.id}",
        details={
            "algorithm": run.algorithm,
            "seed": run.seed,
            "input_hash": run.commitment,
            "panel_size": run.panel_size,
            "minimum_probability": run.minimum_probability,
            "status": run.status,
        },
    )


def infeasibility_text(site: Site, error: sortition.InfeasibleQuotasError) -> str:
    return "\n".join(selectors.infeasibility_lines(error, selectors.value_labels(site=site)))


def panel_hash(ids: list[str]) -> str:
    """A short fingerprint of a panel, for the audit trail: the SHA-256 of its sorted ids."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


@transaction.atomic
def selection_draw(
    *, run: SelectionRun, public_random: str, actor: User | None = None
) -> SelectionRun:
    """Draw the panel from the published lottery with a public random value, then give
    the panel and the reserves their pseudonymous participants."""
    public_random = public_random.strip()
    if not public_random:
        raise SelectionError(_("Enter the public random value."))
    # Compare-and-set: of two simultaneous draws, only one finds the run still prepared.
    claimed = SelectionRun.objects.filter(id=run.id, status=SelectionRun.Status.PREPARED).update(
        status=SelectionRun.Status.DRAWN, public_random=public_random, drawn_at=timezone.now()
    )
    if not claimed:
        raise SelectionError(_("This lottery is not ready to draw, or was drawn already."))
    run.refresh_from_db()
    lottery = lottery_load(run.lottery).engine_lottery()
    result = sortition.draw(lottery, commitment=run.commitment, public_random=public_random)
    frozen = frozen_pool_load(run.frozen)
    pool, _quotas = frozen.engine_input()
    reserves = sortition.reserve_order(
        pool, result.panel, seed_hex=result.seed_hex, count=run.reserves
    )
    run.selected_ids = [frozen.ids[person] for person in result.panel]
    run.reserve_ids = [frozen.ids[person] for person in reserves]
    run.draw_seed, run.ticket = result.seed_hex, result.ticket
    volunteers_seat(site=run.site, ids=run.selected_ids, status="selected")
    volunteers_seat(site=run.site, ids=run.reserve_ids, status="reserve")
    run.report = record_dump(selectors.selection_report_data(run=run))
    run.save(update_fields=["selected_ids", "reserve_ids", "draw_seed", "ticket", "report"])
    audit_record(
        actor=actor,
        action="selection.draw",
        site=run.site,
        target=f"selection {run.id}",
        details={
            "public_random": run.public_random,
            "draw_seed": run.draw_seed,
            "ticket": run.ticket,
            "panel_hash": panel_hash(run.selected_ids),
            "reserves": len(run.reserve_ids),
        },
    )
    return run


def volunteers_seat(*, site: Site, ids: list[str], status: SeatStatus) -> None:
    """Give drawn volunteers (by id) their status and, through deliberation, their
    pseudonymous participants; each volunteer keeps only its participant's digest."""
    volunteers = list(
        Volunteer.objects.filter(site=site, id__in=[int(i) for i in ids])
        .select_related("person")
        .order_by("id")
    )
    seats = [
        Seat(
            language=volunteer.person.preferred_language,
            categories=volunteer_values_load(volunteer.values),
            status=status,
        )
        for volunteer in volunteers
    ]
    pseudonyms = panel_seam().participants_seat(site=site, seats=seats)
    for volunteer, pseudonym in zip(volunteers, pseudonyms, strict=True):
        volunteer.participant_digest = participant_digest_for(pseudonym)
        volunteer.status = Volunteer.Status(status)
    Volunteer.objects.bulk_update(volunteers, ["participant_digest", "status"])
