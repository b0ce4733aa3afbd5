"""When each session happens at a site, as aware datetimes.

A site's day is in its own time zone; ``zoneinfo`` makes the conversion DST-correct.
Every page, e-mail and calendar file that shows a time reads it from here, so the
agenda, "my day", reminders and invitations cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from polyvox.dialogues.models import Session, Site

# Until a dialogue sets its own times, its first session starts at 09:00 local time and
# the others follow each other without breaks.
DEFAULT_DAY_START = time(9, 0)


@dataclass(frozen=True)
class SessionTime:
    session_id: int
    position: int
    starts_at: datetime  # aware, in the site's time zone
    ends_at: datetime

    def is_now(self, *, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


def session_times(*, site: Site) -> list[SessionTime]:
    """The site's sessions in order, each with its local start and end."""
    zone = ZoneInfo(site.time_zone)
    start = datetime.combine(site.date, DEFAULT_DAY_START, tzinfo=zone)
    times: list[SessionTime] = []
    for session in Session.objects.filter(dialogue_id=site.dialogue_id).order_by("position", "id"):
        # Python adds to an aware datetime in wall-clock time; adding in UTC keeps the
        # duration exact across a DST change.
        end = (start.astimezone(UTC) + timedelta(minutes=session.duration_minutes)).astimezone(zone)
        times.append(
            SessionTime(
                session_id=session.pk, position=session.position, starts_at=start, ends_at=end
            )
        )
        start = end
    return times
