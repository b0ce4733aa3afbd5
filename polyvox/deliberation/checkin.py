"""Check-in of citizens on the day, reserves called forward, and seating at mixed tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.db import transaction

from polyvox.accounts.models import AnyUser, User
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import CITIZEN_PARTICIPANTS, ON_THE_PANEL, Participant, Table
from polyvox.dialogues.models import Site
from polyvox.engines.grouping import Person, Seating, seat, seat_latecomers
from polyvox.engines.grouping.seating import DEFAULT_SEARCH_BUDGET

DEFAULT_TABLE_SIZE = 6
MIN_TABLE_SIZE, MAX_TABLE_SIZE = 2, 12


def _closest_reserve(*, absent: Participant) -> Participant | None:
    """The reserve who shares most category values with the absent citizen, so the panel
    keeps its mix; a compare-and-set claims them, so two hosts never promote the same one."""
    reserves = list(
        Participant.objects.filter(site_id=absent.site_id, status=Participant.Status.RESERVE)
    )

    def likeness(reserve: Participant) -> tuple[int, str]:
        shared = sum(
            1 for key, value in absent.categories.items() if reserve.categories.get(key) == value
        )
        return -shared, reserve.pseudonym

    for reserve in sorted(reserves, key=likeness):
        claimed = Participant.objects.filter(
            id=reserve.id, status=Participant.Status.RESERVE
        ).update(status=Participant.Status.CONFIRMED)
        if claimed:
            reserve.status = Participant.Status.CONFIRMED
            return reserve
    return None


@transaction.atomic
def participant_check_in(
    *, participant: Participant, present: bool, actor: AnyUser | None = None
) -> Participant | None:
    """Mark a citizen present or absent; an absent panel member's seat goes to the closest
    reserve, who is returned so the host can call them forward. With an `actor`, audited
    by check-in number (the participant id), never by voting code."""
    was_on_panel = participant.status in ON_THE_PANEL
    previous = participant.status
    participant.status = Participant.Status.PRESENT if present else Participant.Status.ABSENT
    if not present:
        participant.table = None
    participant.save(update_fields=["status", "table"])
    promoted = None if present or not was_on_panel else _closest_reserve(absent=participant)
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.check_in",
            site=participant.site,
            target=f"participant {participant.id}",
            details={
                "participant": participant.id,
                "from": previous,
                "to": participant.status,
                "reserve_promoted": promoted.id if promoted is not None else None,
            },
        )
    return promoted


# What a host does at the door: check a citizen in, mark them absent, or undo a check-in
# made by mistake (back to confirmed: still on the panel, without a seat).
CheckInMark = Literal["present", "absent", "undo"]
MARKED_STATUS: dict[str, str] = {
    "present": Participant.Status.PRESENT,
    "absent": Participant.Status.ABSENT,
    "undo": Participant.Status.CONFIRMED,
}


@dataclass(frozen=True)
class CheckInOutcome:
    participant: Participant
    changed: bool  # False when the citizen was already so marked (a double click, two hosts)
    promoted: Participant | None = None  # the reserve who takes an absent citizen's seat


@transaction.atomic
def check_in_mark(
    *, participant: Participant, mark: CheckInMark, actor: AnyUser | None = None
) -> CheckInOutcome:
    """Mark a citizen at the door; marking them as they already are changes and audits
    nothing, so a second click or a second host never checks anyone in twice (or calls a
    second reserve). The row is locked first: of two hosts marking at once, one wins."""
    locked = Participant.objects.select_for_update().select_related("site").get(id=participant.id)
    wanted = MARKED_STATUS[mark]
    if mark == "undo" and locked.status != Participant.Status.PRESENT:
        return CheckInOutcome(participant=locked, changed=False)
    if locked.status == wanted:
        return CheckInOutcome(participant=locked, changed=False)
    if mark == "undo":
        _check_in_undo(participant=locked, actor=actor)
        return CheckInOutcome(participant=locked, changed=True)
    promoted = participant_check_in(participant=locked, present=mark == "present", actor=actor)
    return CheckInOutcome(participant=locked, changed=True, promoted=promoted)


def _check_in_undo(*, participant: Participant, actor: AnyUser | None) -> None:
    # Back on the panel as confirmed, off their table: seating is for those present.
    participant.status = Participant.Status.CONFIRMED
    participant.table = None
    participant.save(update_fields=["status", "table"])
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.check_in",
            site=participant.site,
            target=f"participant {participant.id}",
            details={
                "participant": participant.id,
                "from": Participant.Status.PRESENT,
                "to": participant.status,
                "reserve_promoted": None,
            },
        )


def balance_keys(participants: Sequence[Participant]) -> list[str]:
    """The categories every present citizen has a value for: the engine balances on these."""
    if not participants:
        return []
    shared = set(participants[0].categories)
    for participant in participants[1:]:
        shared &= set(participant.categories)
    return sorted(shared)


def person_of(participant: Participant, balance: Sequence[str]) -> Person:
    attributes = {key: str(participant.categories[key]) for key in balance}
    attributes["language"] = participant.language
    return Person(id=str(participant.id), attributes=attributes)


def language_attribute(site: Site) -> str | None:
    # Online breakout rooms are held in one language each; in a hall interpreters help.
    return "language" if site.mode == Site.Mode.ONLINE else None


def _save_seating(*, site: Site, seating: Seating, people: Mapping[str, Participant]) -> int:
    tables = {table.number: table for table in Table.objects.filter(site=site)}
    for number, seated in enumerate(seating.tables, start=1):
        language = seated[0].attributes["language"] if language_attribute(site) else ""
        table = tables.get(number)
        if table is None:
            tables[number] = Table.objects.create(site=site, number=number, language=language)
        elif table.language != language:
            table.language = language
            table.save(update_fields=["language"])
        for person in seated:
            people[person.id].table = tables[number]
    Participant.objects.bulk_update(list(people.values()), ["table"])
    return len(seating.tables)


def seatable_statuses(site: Site) -> tuple[str, ...]:
    """Who gets a seat: at an online site the whole panel, ahead of the day, because a
    citizen needs their room before they can arrive in it; elsewhere those checked in."""
    if site.mode == Site.Mode.ONLINE:
        return tuple(ON_THE_PANEL)
    return (Participant.Status.PRESENT,)


@transaction.atomic
def tables_seat(
    *,
    site: Site,
    table_size: int = DEFAULT_TABLE_SIZE,
    seed: int = 0,
    search_budget: int = DEFAULT_SEARCH_BUDGET,
    actor: AnyUser | None = None,
) -> int:
    """Seat everyone present at mixed tables; returns the number of tables used. With an
    `actor` (staff at the day page, not the demo), written to the audit trail."""
    present = list(
        Participant.objects.select_for_update().filter(
            CITIZEN_PARTICIPANTS, site=site, status__in=seatable_statuses(site)
        )
    )
    balance = balance_keys(present)
    seating = seat(
        [person_of(participant, balance) for participant in present],
        table_size=table_size,
        balance=balance,
        language_attribute=language_attribute(site),
        seed=seed,
        search_budget=search_budget,
    )
    Participant.objects.filter(site=site).exclude(status__in=seatable_statuses(site)).update(
        table=None
    )
    made = _save_seating(
        site=site, seating=seating, people={str(item.id): item for item in present}
    )
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.seat_everyone",
            site=site,
            details={"citizens": len(present), "tables": made, "table_size": table_size},
        )
    return made


@transaction.atomic
def tables_seat_latecomers(
    *, site: Site, table_size: int = DEFAULT_TABLE_SIZE, actor: AnyUser | None = None
) -> int:
    """Add citizens who arrived after seating to the existing tables, moving nobody already
    seated; returns how many were seated."""
    present = list(
        # Lock the participants only: PostgreSQL refuses FOR UPDATE on the nullable table join.
        Participant.objects.select_for_update(of=("self",))
        .filter(CITIZEN_PARTICIPANTS, site=site, status=Participant.Status.PRESENT)
        .select_related("table")
        .order_by("table__number", "id")
    )
    newcomers = [participant for participant in present if participant.table_id is None]
    if not newcomers:
        return 0
    balance = balance_keys(present)
    by_table: dict[int, list[Person]] = {}
    for participant in present:
        if participant.table is not None:
            by_table.setdefault(participant.table.number, []).append(
                person_of(participant, balance)
            )
    # Keep table numbers stable: the engine numbers tables by position, so fill any gaps.
    last = max(by_table, default=0)
    current = Seating(
        tables=tuple(tuple(by_table.get(number, [])) for number in range(1, last + 1)),
        balance=tuple(balance),
    )
    seating = seat_latecomers(
        current,
        [person_of(participant, balance) for participant in newcomers],
        table_size=table_size,
        language_attribute=language_attribute(site),
    )
    _save_seating(site=site, seating=seating, people={str(item.id): item for item in present})
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.seat_latecomers",
            site=site,
            details={"citizens": len(newcomers), "table_size": table_size},
        )
    return len(newcomers)


@transaction.atomic
def tables_facilitators_assign(
    *,
    site: Site,
    assignments: Mapping[int, User | None],
    actor: AnyUser,
    note_takers: Mapping[int, User | None] | None = None,
) -> int:
    """Put a facilitator (or nobody) in charge of each of the site's tables named in
    `assignments` (table id -> user), and a note-taker for those in `note_takers`;
    audited; returns how many tables changed."""
    wanted_notes = note_takers or {}
    ids = [*assignments, *wanted_notes]
    tables = Table.objects.select_for_update().filter(site=site, id__in=ids)
    changed: list[Table] = []
    for table in tables:
        before = (table.facilitator_id, table.note_taker_id)
        if table.id in assignments:
            wanted = assignments[table.id]
            table.facilitator_id = wanted.id if wanted is not None else None
        if table.id in wanted_notes:
            noted = wanted_notes[table.id]
            table.note_taker_id = noted.id if noted is not None else None
        if (table.facilitator_id, table.note_taker_id) != before:
            changed.append(table)
    if changed:
        Table.objects.bulk_update(changed, ["facilitator", "note_taker"])
        audit_record(
            actor=actor,
            action="deliberation.table_facilitators",
            site=site,
            details={
                "tables": {str(table.id): table.facilitator_id for table in changed},
                "note_takers": {str(table.id): table.note_taker_id for table in changed},
            },
        )
    return len(changed)
