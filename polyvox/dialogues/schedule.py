"""When each session happens at a site, as aware datetimes.

A site's day is in its own time zone; ``zoneinfo`` makes the conversion DST-correct.
Every page, e-mail and calendar file that shows a time reads it from here, so the
agenda, "my day", reminders and invitations cannot disagree.

A session starts, in order of precedence: at the site's own date and time for it
(SessionStart, e.g. an online site meeting on separate evenings); at the dialogue's
local start time for it plus the site's shift; or right after the previous session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from polyvox.dialogues.models import Session, SessionStart, Site

# Until a dialogue sets its own times, its first session starts at 09:00 local time and
# the others follow each other without breaks.
DEFAULT_DAY_START = time(9, 0)


@dataclass(frozen=True)
class SessionTime:
    session_id: int
    position: int
    starts_at: datetime  # aware, in the site's time zone
    ends_at: datetime
    # True when the site set its own date and time for this session.
    moved: bool = False

    def is_now(self, *, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    @property
    def starts_at_utc(self) -> datetime:
        return self.starts_at.astimezone(UTC)

    @property
    def ends_at_utc(self) -> datetime:
        return self.ends_at.astimezone(UTC)


def session_times(*, site: Site) -> list[SessionTime]:
    """The site's sessions in order, each with its local start and end."""
    sessions = Session.objects.filter(dialogue_id=site.dialogue_id).order_by("position", "id")
    starts = SessionStart.objects.filter(site=site)
    return _times(site, list(sessions), starts)


def session_times_for_sites(*, sites: Sequence[Site]) -> dict[int, list[SessionTime]]:
    """session_times for many sites of one or more dialogues, in two queries."""
    dialogue_ids = {site.dialogue_id for site in sites}
    sessions = list(Session.objects.filter(dialogue_id__in=dialogue_ids).order_by("position", "id"))
    starts = list(SessionStart.objects.filter(site__in=[site.pk for site in sites]))
    return {
        site.pk: _times(
            site,
            [session for session in sessions if session.dialogue_id == site.dialogue_id],
            [start for start in starts if start.site_id == site.pk],
        )
        for site in sites
    }


def _local(day: date, at: time, zone: ZoneInfo, *, shift_minutes: int = 0) -> datetime:
    # The shift moves the wall clock ("an hour later"), so it is added before the zone
    # is attached: 10:00 shifted by 60 minutes is 11:00 local even on a DST day.
    wall = datetime.combine(day, at) + timedelta(minutes=shift_minutes)
    return wall.replace(tzinfo=zone)


def _times(
    site: Site, sessions: list[Session], starts: Iterable[SessionStart]
) -> list[SessionTime]:
    zone = ZoneInfo(site.time_zone)
    own_starts = {start.session_id: start for start in starts}
    shift = site.schedule_shift_minutes
    following = _local(site.date, DEFAULT_DAY_START, zone, shift_minutes=shift)
    times: list[SessionTime] = []
    for session in sessions:
        own = own_starts.get(session.pk)
        if own is not None:
            start = _local(own.date, own.time, zone)
        elif session.start_time is not None:
            start = _local(site.date, session.start_time, zone, shift_minutes=shift)
        else:
            start = following
        # Python adds to an aware datetime in wall-clock time; adding in UTC keeps the
        # duration exact across a DST change.
        end = (start.astimezone(UTC) + timedelta(minutes=session.duration_minutes)).astimezone(zone)
        times.append(
            SessionTime(
                session_id=session.pk,
                position=session.position,
                starts_at=start.astimezone(zone),
                ends_at=end,
                moved=own is not None,
            )
        )
        following = end
    return times


class Phase(StrEnum):
    BEFORE = "before"  # the first session has not started
    DURING = "during"  # a session is under way
    BETWEEN = "between"  # a session has ended and a later one has not started
    AFTER = "after"  # every session has ended
    UNSCHEDULED = "unscheduled"  # the dialogue has no sessions


@dataclass(frozen=True)
class SiteMoment:
    """Where a site stands at a given instant: what is under way and what comes next."""

    phase: Phase
    current: SessionTime | None
    next: SessionTime | None


def site_moment(times: Sequence[SessionTime], *, now: datetime) -> SiteMoment:
    if not times:
        return SiteMoment(Phase.UNSCHEDULED, None, None)
    current = next((time for time in times if time.is_now(now=now)), None)
    upcoming = sorted((time for time in times if time.starts_at > now), key=lambda t: t.starts_at)
    following = upcoming[0] if upcoming else None
    if current is not None:
        return SiteMoment(Phase.DURING, current, following)
    if following is None:
        return SiteMoment(Phase.AFTER, None, None)
    if all(time.starts_at > now for time in times):
        return SiteMoment(Phase.BEFORE, None, following)
    return SiteMoment(Phase.BETWEEN, None, following)


def first_start(times: Sequence[SessionTime]) -> datetime | None:
    return min((time.starts_at for time in times), default=None)


def last_end(times: Sequence[SessionTime]) -> datetime | None:
    return max((time.ends_at for time in times), default=None)


def site_is_over(*, site: Site, now: datetime) -> bool:
    """Whether the site's dialogue is behind it: its last session has ended or, with no
    sessions yet, its date has passed in its own time zone."""
    end = last_end(session_times(site=site))
    if end is not None:
        return now >= end
    return now.astimezone(ZoneInfo(site.time_zone)).date() > site.date
