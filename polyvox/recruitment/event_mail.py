"""What every e-mail about the day tells a citizen: when (in the site's local time),
where (the city, or online), whom to contact, and the calendar file.

Times come from dialogues.schedule, like every page, so e-mails and pages agree. The
e-mails go to the address in the people vault, read when they are sent: nothing here
keeps a copy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polyvox.core.formats import wall_date, wall_time
from polyvox.core.translation import pick_text
from polyvox.dialogues.calendar import site_calendar, site_place
from polyvox.dialogues.models import Partnership, Session, Site
from polyvox.dialogues.schedule import first_start, session_times, site_is_over

CALENDAR_FILE = "citizens-dialogue.ics"


class SiteOverError(ValueError):
    """The site's day is behind it: nobody can be invited or register any more."""


NO_MORE_INVITATIONS = _(
    "The citizens' dialogue in %(city)s took place on %(date)s: nobody can be invited any more."
)
REGISTRATION_ENDED = _(
    "The citizens' dialogue in %(city)s took place on %(date)s: registration has ended."
)


def refuse_when_over(*, site: Site, now: datetime.datetime, refusal: Promise) -> None:
    """Raise SiteOverError, in the active language, once the site's last session ended."""
    if site_is_over(site=site, now=now):
        date = formats.date_format(site.date, "DATE_FORMAT")
        raise SiteOverError(str(refusal) % {"city": site.city, "date": date})


@dataclass(frozen=True)
class SessionLine:
    title: str
    date: str
    start: str
    end: str


def _contacts(site: Site) -> list[str]:
    hosts = Partnership.objects.filter(site=site).select_related("organisation")
    return [
        " – ".join(part for part in (host.organisation.name, host.organisation.website) if part)
        for host in hosts.order_by("organisation__name")
    ]


def event_context(*, site: Site, language: str) -> dict[str, Any]:
    """The day's facts in `language`, for the e-mail templates (call it inside
    translation.override(language))."""
    times = session_times(site=site)
    titles = dict(Session.objects.filter(dialogue_id=site.dialogue_id).values_list("id", "title"))
    source = site.dialogue.source_language
    start = first_start(times)
    return {
        "site": site,
        "dialogue": site.dialogue,
        "dialogue_title": pick_text(site.dialogue.title, language, source),
        "day": wall_date(start) if start else formats.date_format(site.date, "DATE_FORMAT"),
        "start": wall_time(start),
        "time_zone": site.time_zone,
        "place": site_place(site),
        "online": site.mode == Site.Mode.ONLINE,
        "sessions": [
            SessionLine(
                title=pick_text(titles[time.session_id], language, source),
                date=wall_date(time.starts_at),
                start=wall_time(time.starts_at),
                end=wall_time(time.ends_at),
            )
            for time in times
        ],
        "contacts": _contacts(site),
    }


def event_email(
    *,
    site: Site,
    language: str,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    now: datetime.datetime,
    calendar: bool = True,
) -> None:
    """Render `template` in `language` with the day's facts and send it to one address,
    with the site's calendar file attached."""
    with translation.override(language):
        body = render_to_string(
            template, {**event_context(site=site, language=language), **context}
        )
        subject = str(subject)
    message = EmailMessage(subject, body, None, [to])
    if calendar:
        ics = site_calendar(site=site, language=language, stamp=now)
        message.attach(CALENDAR_FILE, ics, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()
