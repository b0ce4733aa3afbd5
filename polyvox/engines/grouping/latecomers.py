"""Seat people who arrive after the tables were set, without moving anyone already seated."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from polyvox.engines.grouping.model import (
    Person,
    Seating,
    SeatingError,
    check_unique_ids,
    household_of,
)
from polyvox.engines.grouping.scoring import FloatArray, RoomMatrix, room_matrix, table_costs


def seat_latecomers(
    seating: Seating,
    newcomers: Sequence[Person],
    *,
    table_size: int,
    household_attributes: Sequence[str] = (),
    language_attribute: str | None = None,
) -> Seating:
    """Add each newcomer, in arrival order, to the smallest table that has room, speaks their
    language and holds nobody from their household; among equally small tables, the one whose
    mix improves most. A new table is opened only when no table can take them."""
    if table_size < 1:
        raise SeatingError(f"table size must be at least 1, got {table_size}")
    check_unique_ids([*seating.people, *newcomers])
    room = room_matrix([*seating.people, *newcomers], seating.balance)
    rows = {person.id: row for row, person in enumerate([*seating.people, *newcomers])}
    tables = [list(table) for table in seating.tables]
    counts = [_counts(room, [rows[person.id] for person in table]) for table in tables]
    for newcomer in newcomers:
        joinable = [
            index
            for index, table in enumerate(tables)
            if _can_join(table, newcomer, table_size, household_attributes, language_attribute)
        ]
        if not joinable:
            tables.append([])
            counts.append(_counts(room, []))
            joinable = [len(tables) - 1]
        added = room.one_hot[rows[newcomer.id]]

        def preference(index: int, added: FloatArray = added) -> tuple[int, float, int]:
            extra_cost = _added_cost(counts[index], len(tables[index]), added, room.shares)
            return len(tables[index]), extra_cost, index

        chosen = min(joinable, key=preference)
        tables[chosen].append(newcomer)
        counts[chosen] = counts[chosen] + added
    return Seating(tables=tuple(tuple(table) for table in tables), balance=seating.balance)


def _can_join(
    table: list[Person],
    newcomer: Person,
    table_size: int,
    household_attributes: Sequence[str],
    language_attribute: str | None,
) -> bool:
    if len(table) >= table_size:
        return False
    if (
        language_attribute is not None
        and table
        and not _same_language(table[0], newcomer, language_attribute)
    ):
        return False
    household = household_of(newcomer, household_attributes)
    return household is None or all(
        household_of(person, household_attributes) != household for person in table
    )


def _same_language(seated: Person, newcomer: Person, language_attribute: str) -> bool:
    return seated.value(language_attribute) == newcomer.value(language_attribute)


def _counts(room: RoomMatrix, rows: list[int]) -> FloatArray:
    counts: FloatArray = room.one_hot[rows].sum(axis=0)
    return counts


def _added_cost(counts: FloatArray, size: int, added: FloatArray, shares: FloatArray) -> float:
    before = table_costs(counts[None, :], np.array([float(size)]), shares)
    after = table_costs((counts + added)[None, :], np.array([float(size + 1)]), shares)
    return float(after[0] - before[0])
