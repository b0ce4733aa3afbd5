"""A site's day as a calendar file (.ics, RFC 5545), for invitations and reminders.

Times are written as UTC instants ("…Z"), read from dialogues.schedule. A local time
with a TZID cannot say which of the two 02:30s of a night when clocks go back it means
(iCalendar takes the first), so a session ending then would move by an hour; an instant
cannot be misread, and every calendar shows it in its owner's own time zone.
The file names no person: it is the same for everyone at the site.
"""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from polyvox.core.translation import pick_text
from polyvox.dialogues.models import Session, Site
from polyvox.dialogues.schedule import session_times

PRODUCT_ID = "-//Polyvox//Citizens' dialogues//EN"


def site_place(site: Site) -> str:
    """Where citizens go: the city, or "Online" for a site that meets online."""
    if site.mode == Site.Mode.ONLINE:
        return str(_("Online"))
    place = f"{site.city}, {site.country.name}"
    if site.mode == Site.Mode.HYBRID:
        return str(_("%(place)s, or online") % {"place": place})
    return place


def site_calendar(*, site: Site, language: str, stamp: datetime.datetime) -> bytes:
    """One event per session, in the citizen's language; `stamp` is when it was made."""
    titles = dict(Session.objects.filter(dialogue_id=site.dialogue_id).values_list("id", "title"))
    dialogue_title = pick_text(site.dialogue.title, language, site.dialogue.source_language)
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "polyvox"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    with translation.override(language):
        place = site_place(site)
        for time in session_times(site=site):
            session_title = pick_text(
                titles[time.session_id], language, site.dialogue.source_language
            )
            event = icalendar.Event()
            event.add("uid", f"site-{site.pk}-session-{time.session_id}@{host}")
            event.add("dtstamp", stamp.astimezone(datetime.UTC))
            event.add("dtstart", time.starts_at_utc)
            event.add("dtend", time.ends_at_utc)
            event.add("summary", f"{dialogue_title}: {session_title}")
            event.add("location", place)
            calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
