"""Breakout rooms drawn again between sessions.

Online editions re-draw their breakout rooms of about five between sessions so that
citizens hear other voices. A re-draw seats everyone present at new mixed tables for one
session (one language per room on online sites, as for the day's seating) and, among a
few equally diverse seatings, keeps the one where the fewest people meet again someone
they already sat with. Without a re-draw a citizen keeps their table of the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from django.db import transaction

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.deliberation.checkin import (
    balance_keys,
    language_attribute,
    person_of,
    seatable_statuses,
)
from polyvox.deliberation.models import Participant, SessionSeat, Table
from polyvox.dialogues.models import Session, Site
from polyvox.engines.grouping import Person, Seating, seat

# Seatings tried per re-draw: each is as diverse as the engine makes it; more tries find
# fewer repeated encounters but cost a seating each (about half a second for 100 people).
SEATINGS_TRIED = 4
# Online breakout rooms of the 2020 edition held about five citizens.
ONLINE_ROOM_SIZE = 5
Pair = frozenset[int]


@dataclass(frozen=True)
class BreakoutOutcome:
    citizens: int
    tables: int
    repeated_pairs: int  # pairs at one table who already sat together earlier


@transaction.atomic
def breakouts_redraw(
    *, site: Site, session: Session, table_size: int, actor: AnyUser | None
) -> BreakoutOutcome:
    """Seat everyone present (at an online site, the whole panel) at new tables for
    `session`; audited."""
    present = list(
        Participant.objects.select_for_update()
        .filter(site=site, status__in=seatable_statuses(site))
        .order_by("id")
    )
    balance = balance_keys(present)
    people = [person_of(participant, balance) for participant in present]
    met = _pairs_met(site=site, other_than=session)
    seatings = [
        seat(
            people,
            table_size=table_size,
            balance=balance,
            language_attribute=language_attribute(site),
            seed=session.pk * SEATINGS_TRIED + attempt,
        )
        for attempt in range(SEATINGS_TRIED if people else 0)
    ]
    best = min(seatings, key=lambda seating: _repeats(seating, met), default=None)
    tables = _save(site=site, session=session, seating=best) if best else 0
    outcome = BreakoutOutcome(
        citizens=len(present),
        tables=tables,
        repeated_pairs=_repeats(best, met) if best else 0,
    )
    audit_record(
        actor=actor,
        action="deliberation.breakouts_redraw",
        site=site,
        target=f"session:{session.key}",
        details={"session": session.pk, **outcome.__dict__, "table_size": table_size},
    )
    return outcome


def _pairs_met(*, site: Site, other_than: Session) -> set[Pair]:
    """Who already shared a table: at the day's tables and in other sessions' breakouts."""
    day = Participant.objects.filter(site=site, table__isnull=False).values_list("table_id", "id")
    breakouts = (
        SessionSeat.objects.filter(participant__site=site)
        .exclude(session=other_than)
        .values_list("session_id", "table_id", "participant_id")
    )
    groups: dict[tuple[int, int], list[int]] = {}
    for table_id, participant_id in day:
        groups.setdefault((0, table_id), []).append(participant_id)
    for session_id, table_id, participant_id in breakouts:
        groups.setdefault((session_id, table_id), []).append(participant_id)
    return {frozenset(pair) for members in groups.values() for pair in combinations(members, 2)}


def _repeats(seating: Seating, met: set[Pair]) -> int:
    return sum(
        frozenset((int(a.id), int(b.id))) in met
        for table in seating.tables
        for a, b in combinations(table, 2)
    )


def _save(*, site: Site, session: Session, seating: Seating) -> int:
    SessionSeat.objects.filter(session=session, participant__site=site).delete()
    tables = _tables_for(site=site, languages=[_language(table) for table in seating.tables])
    SessionSeat.objects.bulk_create(
        SessionSeat(participant_id=int(person.id), session=session, table=table)
        for table, seated in zip(tables, seating.tables, strict=True)
        for person in seated
    )
    return len(tables)


def _language(seated: Sequence[Person]) -> str:
    return seated[0].attributes["language"] if seated else ""


def _tables_for(*, site: Site, languages: Iterable[str]) -> list[Table]:
    """One table per new group, reusing the site's tables of the right language (their
    facilitators and rooms stay) and numbering new ones after the last."""
    online = language_attribute(site) is not None
    free = list(Table.objects.filter(site=site).order_by("number"))
    last = max((table.number for table in free), default=0)
    chosen = []
    for language in languages:
        wanted = language if online else None
        table = next((t for t in free if wanted is None or t.language == wanted), None)
        if table is None:
            last += 1
            table = Table.objects.create(
                site=site, number=last, language=language if online else ""
            )
        else:
            free.remove(table)
        chosen.append(table)
    return chosen
