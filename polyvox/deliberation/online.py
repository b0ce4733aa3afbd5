"""Tables that meet online: their rooms, the hosts' edits of them, and attendance.

A room is never copied into an e-mail or a printout: citizens read it live from "my day"
(through `room_open`), so a room the host changes reaches them the next time they look.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import Participant, Table
from polyvox.deliberation.selectors import table_for_session
from polyvox.dialogues.models import Session, Site
from polyvox.dialogues.rooms import room_from_template
from polyvox.dialogues.schedule import session_times

# Marking oneself present by opening the room: only those still expected, never someone a
# host marked absent (that takes a host) and never a reserve (who has no seat).
MAY_JOIN = (Participant.Status.SELECTED, Participant.Status.CONFIRMED, Participant.Status.PRESENT)
SITE_FIELDS = (
    "venue_address",
    "contact_email",
    "contact_phone",
    "room_template",
    "plenary_room_url",
)


def meets_online(table: Table, site: Site) -> bool:
    if site.mode == Site.Mode.ONLINE:
        return True
    return site.mode == Site.Mode.HYBRID and table.online


def table_room(*, table: Table, site: Site, session: Session) -> str:
    """The table's room in `session`: pasted for the table, else made from the site's
    template; empty for a table that meets in the room or has no room yet."""
    if not meets_online(table, site):
        return ""
    if table.room_url:
        return table.room_url
    if site.room_template:
        return room_from_template(site.room_template, table=table.number, session=session.key)
    return ""


def session_now(*, site: Site, now: datetime) -> int | None:
    """The id of the session under way at the site, read from the schedule."""
    return next((t.session_id for t in session_times(site=site) if t.is_now(now=now)), None)


@transaction.atomic
def room_open(*, participant: Participant, session: Session, now: datetime) -> str:
    """The citizen's room in `session`; opened while the session is under way, it marks
    them present, once: a compare-and-set, so two taps (or two tabs) record one arrival."""
    site = participant.site
    # Breakouts re-drawn for this session seat the citizen elsewhere (deliberation.breakouts).
    table = table_for_session(participant=participant, session_id=session.id)
    if table is None:
        return ""
    room = table_room(table=table, site=site, session=session)
    if room and session_now(site=site, now=now) == session.id:
        Participant.objects.filter(
            id=participant.id, joined_online_at__isnull=True, status__in=MAY_JOIN
        ).update(joined_online_at=now, status=Participant.Status.PRESENT)
    return room


@dataclass(frozen=True)
class TableRoom:
    table_id: int
    online: bool
    room_url: str


@transaction.atomic
def rooms_update(
    *,
    site: Site,
    site_values: Mapping[str, str],
    tables: Mapping[int, TableRoom],
    actor: AnyUser,
) -> int:
    """Save a site's venue, contact and rooms, and its tables' rooms; audited with the
    fields and table ids that changed (addresses of rooms are settings, not people)."""
    changed_fields = [name for name in SITE_FIELDS if getattr(site, name) != site_values[name]]
    for name in changed_fields:
        setattr(site, name, site_values[name])
    if changed_fields:
        site.save(update_fields=changed_fields)
    changed_tables: list[Table] = []
    for table in Table.objects.select_for_update().filter(site=site, id__in=list(tables)):
        wanted = tables[table.id]
        if (table.online, table.room_url) != (wanted.online, wanted.room_url):
            table.online, table.room_url = wanted.online, wanted.room_url
            changed_tables.append(table)
    if changed_tables:
        Table.objects.bulk_update(changed_tables, ["online", "room_url"])
    if changed_fields or changed_tables:
        audit_record(
            actor=actor,
            action="deliberation.rooms",
            site=site,
            details={
                "site_fields": changed_fields,
                "tables": {
                    str(t.id): {"online": t.online, "room_url": t.room_url} for t in changed_tables
                },
            },
        )
    return len(changed_fields) + len(changed_tables)


@dataclass(frozen=True)
class RoomRow:
    table_number: int
    joined: int  # opened their room from "my day" during a session
    present: int


def rooms_dashboard(*, site: Site, tables: Callable[[], list[Table]]) -> list[RoomRow]:
    """Who is in which room, as counts per online table among `tables` (the member of
    staff's own, from access.tables_for_staff); nothing to read at an in-person site."""
    if site.mode == Site.Mode.IN_PERSON:
        return []
    counts = {
        table_id: (joined, present)
        for table_id, joined, present in Participant.objects.filter(site=site)
        .values_list("table_id")
        .annotate(
            joined=Count("id", filter=Q(joined_online_at__isnull=False)),
            present=Count("id", filter=Q(status=Participant.Status.PRESENT)),
        )
        .values_list("table_id", "joined", "present")
    }
    return [
        RoomRow(
            table_number=table.number,
            joined=counts.get(table.id, (0, 0))[0],
            present=counts.get(table.id, (0, 0))[1],
        )
        for table in tables()
        if meets_online(table, site)
    ]
