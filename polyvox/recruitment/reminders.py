"""Reminders one week, one day and one hour before a site's first session.

Each is sent once to each drawn citizen who has not declined, by background jobs: every
worker looks each minute for sites with a reminder due (reminders_queue_due, a periodic
task of polyvox.jobs) and queues a `recruitment.reminders` job for them. Sending claims
a Reminder row first; the database takes one row per volunteer and kind, so two workers
(or two jobs) sending at once send each reminder once. A reminder is due only inside its
own window and never once the session has started: someone invited late gets the latest
reminder only, and nobody is reminded of a day that has begun.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polyvox.core.links import interface_language, reverse_for
from polyvox.dialogues.models import Site
from polyvox.dialogues.schedule import first_start, session_times
from polyvox.jobs.models import Job
from polyvox.jobs.services import job_enqueue
from polyvox.recruitment.event_mail import event_email
from polyvox.recruitment.models import Invitation, Reminder, Volunteer
from polyvox.recruitment.records import REMINDERS, SiteJob, record_dump

logger = logging.getLogger(__name__)

# How long before the first session each reminder is due, latest first.
LEAD_TIMES = {
    Reminder.Kind.WEEK: datetime.timedelta(days=7),
    Reminder.Kind.DAY: datetime.timedelta(days=1),
    Reminder.Kind.HOUR: datetime.timedelta(hours=1),
}
# Sites further back than this are not looked at (their reminders are long past).
LOOK_BACK = datetime.timedelta(days=31)


def reminder_due(*, start: datetime.datetime, now: datetime.datetime) -> Reminder.Kind | None:
    """The reminder whose window holds `now`: from its lead time before the start until
    the next one's, the last until the start itself; None outside them all."""
    ends = [*(start - lead for lead in list(LEAD_TIMES.values())[1:]), start]
    for (kind, lead), end in zip(LEAD_TIMES.items(), ends, strict=True):
        if start - lead <= now < end:
            return kind
    return None


def _recipients(site: Site, kind: Reminder.Kind) -> QuerySet[Volunteer]:
    """Drawn citizens invited to the panel who have not declined, have an address in the
    vault and have not had this reminder."""
    return (
        Volunteer.objects.filter(
            site=site,
            status=Volunteer.Status.SELECTED,
            invitations__kind=Invitation.Kind.PANEL,
            invitations__sent_at__isnull=False,
            person__erased_at=None,
        )
        .exclude(invitations__answer=Invitation.Answer.DECLINED)
        .exclude(person__email="")
        .exclude(reminders__kind=kind)
        .select_related("person")
        .distinct()
    )


def _claim(volunteer: Volunteer, kind: Reminder.Kind) -> Reminder | None:
    try:
        # A savepoint: the refused insert must not spoil a surrounding transaction.
        with transaction.atomic():
            return Reminder.objects.create(volunteer=volunteer, kind=kind)
    except IntegrityError:
        return None  # another worker has it


def reminders_send(*, site: Site, now: datetime.datetime | None = None) -> tuple[str | None, int]:
    """Send the reminder due now at the site to everyone who has not had it; returns its
    kind and how many were sent by this call."""
    now = now or timezone.now()
    start = first_start(session_times(site=site))
    kind = reminder_due(start=start, now=now) if start is not None else None
    if kind is None or start is None:
        return None, 0
    sent = 0
    for volunteer in _recipients(site, kind):
        claim = _claim(volunteer, kind)
        if claim is None:
            continue
        try:
            _email_reminder(site, volunteer, kind, start=start, now=now)
        except Exception:
            # Give the claim back so that the next run tries again (while still due).
            claim.delete()
            logger.exception("A reminder to volunteer %s failed", volunteer.pk)
            continue
        Reminder.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        sent += 1
    return kind, sent


def _email_reminder(
    site: Site,
    volunteer: Volunteer,
    kind: Reminder.Kind,
    *,
    start: datetime.datetime,
    now: datetime.datetime,
) -> None:
    person = volunteer.person
    language = interface_language(person.preferred_language, *site.languages)
    invitation = volunteer.invitations.filter(kind=Invitation.Kind.PANEL).first()
    link = ""
    if invitation is not None:
        path = reverse_for(language, "recruitment:invitation", args=[invitation.token])
        link = settings.SITE_URL.rstrip("/") + path
    with translation.override(language):
        subject = {
            Reminder.Kind.WEEK: _("In one week: the citizens' dialogue in %(city)s"),
            Reminder.Kind.DAY: _("Tomorrow: the citizens' dialogue in %(city)s"),
            Reminder.Kind.HOUR: _("In one hour: the citizens' dialogue in %(city)s"),
        }[kind] % {"city": site.city}
    event_email(
        site=site,
        language=language,
        to=person.email,
        subject=subject,
        template="recruitment/email/reminder.txt",
        context={"kind": kind, "link": link},
        now=now,
    )


def reminders_queue_due(*, now: datetime.datetime | None = None) -> int:
    """Queue a reminders job for every site with a reminder due and someone still to
    remind, unless one is already waiting; returns how many were queued. Run by every
    worker each minute (two workers may both queue one: sending stays once each)."""
    now = now or timezone.now()
    waiting = set(
        Job.objects.filter(
            kind=REMINDERS, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
        ).values_list("params__site_id", flat=True)
    )
    queued = 0
    recent = Site.objects.filter(date__gte=(now - LOOK_BACK).date()).select_related("dialogue")
    for site in recent:
        start = first_start(session_times(site=site))
        kind = reminder_due(start=start, now=now) if start is not None else None
        if kind is None or site.pk in waiting or not _recipients(site, kind).exists():
            continue
        job_enqueue(
            kind=REMINDERS, params=record_dump(SiteJob(site_id=site.pk)), dialogue=site.dialogue
        )
        queued += 1
    return queued
