"""Background jobs of the recruitment app.

Handlers take and return JSON objects (the jobs registry's contract for every app): the
parameters arrive as a Mapping[str, object] that each handler parses into a record first,
and it returns a dumped record.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from polyvox.core.formats import chance_in_words
from polyvox.dialogues.models import Site
from polyvox.jobs.models import Job
from polyvox.jobs.registry import (
    JobOutcome,
    JobResult,
    ProgressReporter,
    job_handler,
    job_outcome,
    periodic,
)
from polyvox.recruitment.event_mail import SiteOverError
from polyvox.recruitment.invitations import invitations_send
from polyvox.recruitment.models import PoolImport, SelectionRun
from polyvox.recruitment.pool_imports import pool_import_run
from polyvox.recruitment.records import (
    POOL_IMPORT,
    REMINDERS,
    REPLACEMENTS,
    SELECTION,
    PoolImportOutcome,
    RemindersOutcome,
    ReplacementsOutcome,
    SelectionOutcome,
    pool_import_job_load,
    record_dump,
    run_job_load,
    site_job_load,
)
from polyvox.recruitment.reminders import reminders_queue_due, reminders_send
from polyvox.recruitment.replacements import replacements_make
from polyvox.recruitment.selection import selection_compute

__all__ = ["POOL_IMPORT", "REMINDERS", "REPLACEMENTS", "SELECTION"]


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
    try:
        invited = invitations_send(site=run.site)
    except SiteOverError:
        invited = 0  # a decline after the day: nobody is invited to a day that is past

    outcome = ReplacementsOutcome(run_id=run.id, replacements=len(chosen), invited=invited)
    return record_dump(outcome)


@job_handler(REMINDERS)
def reminders(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Send the site's reminder that is due now to everyone who has not had it."""
    site = Site.objects.select_related("dialogue").get(id=site_job_load(params).site_id)
    kind, sent = reminders_send(site=site)
    return record_dump(RemindersOutcome(site_id=site.id, kind=kind, sent=sent))


# How each job's page ends: what came of it and a link to the result.
@job_outcome(POOL_IMPORT, title=gettext_lazy("Import a pool of volunteers"))
def pool_import_outcome(job: Job) -> JobOutcome:
    outcome = PoolImportOutcome.model_validate(job.result)
    if outcome.status == PoolImport.Status.REFUSED:
        summary = _("The file was refused: nothing was imported.")
    else:
        rows = outcome.rows or 0
        summary = ngettext(
            "The file is imported: %(count)s row read.",
            "The file is imported: %(count)s rows read.",
            rows,
        ) % {"count": rows}
    return JobOutcome(
        summary=summary,
        link_url=reverse("recruitment:pool-import-detail", args=[outcome.import_id]),
        link_label=_("See what the import added, or why it refused the file"),
    )


@job_outcome(SELECTION, title=gettext_lazy("Compute the lottery"))
def selection_outcome(job: Job) -> JobOutcome:
    outcome = SelectionOutcome.model_validate(job.result)
    chance = chance_in_words(outcome.minimum_probability)
    return JobOutcome(
        summary=_(
            "The lottery is ready: every volunteer has a chance of at least %(chance)s "
            "of being drawn."
        )
        % {"chance": chance},
        link_url=reverse("recruitment:run", args=[outcome.run_id]),
        link_label=_("Go to the draw"),
    )


@job_outcome(REPLACEMENTS, title=gettext_lazy("Replace those who declined"))
def replacements_outcome(job: Job) -> JobOutcome:
    outcome = ReplacementsOutcome.model_validate(job.result)
    return JobOutcome(
        summary=ngettext(
            "%(count)s replacement drawn, %(invited)s invited.",
            "%(count)s replacements drawn, %(invited)s invited.",
            outcome.replacements,
        )
        % {"count": outcome.replacements, "invited": outcome.invited},
        link_url=reverse("recruitment:run", args=[outcome.run_id]),
        link_label=_("Go to the draw"),
    )


@job_outcome(REMINDERS, title=gettext_lazy("Send reminders"))
def reminders_outcome(job: Job) -> JobOutcome:
    outcome = RemindersOutcome.model_validate(job.result)
    return JobOutcome(
        summary=ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", outcome.sent)
        % {"count": outcome.sent},
        link_url=reverse("recruitment:manage", args=[outcome.site_id]),
        link_label=_("Back to the site's recruitment"),
    )


@periodic("recruitment.reminders_queue_due")
def queue_due_reminders() -> int:
    return reminders_queue_due()
