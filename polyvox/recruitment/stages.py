"""Where a site stands, from registration to final results, and what its host does next.

One ordered list of stages, read from the records each stage leaves (the host's
registration switch, the selection runs, the site's schedule, the dialogue's status), so
every page and service agrees on what is still possible: a stage refuses what belongs to
an earlier one. The results app records final results on Dialogue.status, which this app
can read, so the guard needs nothing from the apps above it.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from polyvox.dialogues.models import Dialogue, Site
from polyvox.dialogues.schedule import site_is_over
from polyvox.recruitment.event_mail import REGISTRATION_ENDED
from polyvox.recruitment.models import SelectionRun, SiteRecruitment


class Stage(enum.IntEnum):
    """In the order a site goes through them."""

    REGISTRATION = 1  # volunteers register on the public page
    POOL_CLOSED = 2  # registration closed, the lottery not yet prepared
    LOTTERY_PREPARED = 3  # the commitment is published, the draw is due
    PANEL_DRAWN = 4  # invitations go out, the day is ahead
    DAY_OVER = 5  # the day is past, the results are provisional
    RESULTS_FINAL = 6  # the dialogue's results are published as final


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str


@dataclass(frozen=True)
class SiteStage:
    stage: Stage
    summary: str
    next_step: NextStep | None


class RegistrationClosedError(Exception):
    """Nobody may register at this site now; the message says why."""


def site_stage_of(*, site: Site, now: datetime.datetime) -> Stage:
    """The latest stage the site's records show (two or three small queries)."""
    if site.dialogue.status == Dialogue.Status.RESULTS_PUBLISHED:
        return Stage.RESULTS_FINAL
    if site_is_over(site=site, now=now):
        return Stage.DAY_OVER
    statuses = set(SelectionRun.objects.filter(site=site).values_list("status", flat=True))
    if SelectionRun.Status.DRAWN in statuses:
        return Stage.PANEL_DRAWN
    if statuses & {SelectionRun.Status.PREPARING, SelectionRun.Status.PREPARED}:
        return Stage.LOTTERY_PREPARED
    if SiteRecruitment.objects.filter(site=site, registration_open=False).exists():
        return Stage.POOL_CLOSED
    return Stage.REGISTRATION


def registration_refusal(*, site: Site, now: datetime.datetime) -> str | None:
    """Why volunteers cannot register at the site now, or None while they can."""
    stage = site_stage_of(site=site, now=now)
    if stage == Stage.REGISTRATION:
        return None
    if stage == Stage.RESULTS_FINAL:
        return _("Registration is closed: the results of this dialogue are published.")
    if stage == Stage.DAY_OVER:
        date = formats.date_format(site.date, "DATE_FORMAT")
        return str(REGISTRATION_ENDED) % {"city": site.city, "date": date}
    if stage == Stage.PANEL_DRAWN:
        return _("Registration is closed: the panel has been drawn by lot.")
    return _("Registration is closed for this site. Thank you for your interest.")


def refuse_registration(*, site: Site, now: datetime.datetime) -> None:
    """Raise RegistrationClosedError unless the site takes volunteers now."""
    refusal = registration_refusal(site=site, now=now)
    if refusal is not None:
        raise RegistrationClosedError(refusal)


def refuse_after_results(*, site: Site) -> None:
    """Raise RegistrationClosedError once the dialogue's results are final: nobody joins a
    pool, by any route, after the results are out."""
    if site.dialogue.status == Dialogue.Status.RESULTS_PUBLISHED:
        raise RegistrationClosedError(
            _("Registration is closed: the results of this dialogue are published.")
        )


def site_stage(*, site: Site, now: datetime.datetime) -> SiteStage:
    """The stage in words and the host's next step, with the page where they take it."""
    stage = site_stage_of(site=site, now=now)
    return SiteStage(stage=stage, summary=_summary(stage), next_step=_next_step(site, stage))


def _summary(stage: Stage) -> str:
    return {
        Stage.REGISTRATION: _("Registration is open: volunteers join the pool."),
        Stage.POOL_CLOSED: _("Registration is closed: the pool is ready for the lottery."),
        Stage.LOTTERY_PREPARED: _("The lottery is prepared and its commitment published."),
        Stage.PANEL_DRAWN: _("The panel is drawn: invite it and prepare the day."),
        Stage.DAY_OVER: _("The day is over: the results are provisional."),
        Stage.RESULTS_FINAL: _("The results are published as final."),
    }[stage]


def _next_step(site: Site, stage: Stage) -> NextStep | None:
    manage = reverse("recruitment:manage", args=[site.id])
    if stage == Stage.REGISTRATION:
        return NextStep(
            _("close registration when the pool is large enough"), f"{manage}#registration"
        )
    if stage == Stage.POOL_CLOSED:
        return NextStep(_("prepare the lottery"), f"{manage}#selection")
    if stage == Stage.LOTTERY_PREPARED:
        run = SelectionRun.objects.filter(site=site).exclude(status=SelectionRun.Status.FAILED)
        latest = run.only("id").order_by("-id").first()
        url = reverse("recruitment:run", args=[latest.id]) if latest else f"{manage}#selection"
        return NextStep(_("draw the panel"), url)
    if stage == Stage.PANEL_DRAWN:
        return NextStep(_("run the day"), reverse("deliberation:day", args=[site.id]))
    if stage == Stage.DAY_OVER:
        results = reverse("results:results", args=[site.dialogue.slug])
        return NextStep(_("check the results before the organiser publishes them"), results)
    return None
