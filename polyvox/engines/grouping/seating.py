"""Seat a room at mixed tables: a stratified deal, then improving swaps.

The deal sorts people by their category values and hands them out round-robin, so each
stratum is spread over consecutive tables. Households are kept contiguous in that order,
and since no household is larger than the number of tables, a round-robin deal can never
put two of its members at one table. Swaps then only ever move people between tables
whose household constraints stay satisfied, so every intermediate seating is valid.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

import numpy as np

from polyvox.engines.grouping.model import (
    Person,
    Seating,
    SeatingError,
    check_unique_ids,
    household_of,
)
from polyvox.engines.grouping.scoring import IntArray, RoomMatrix, room_matrix
from polyvox.engines.grouping.search import SwapSearch

# Best-swap evaluations (one person against everyone at other tables). On a busy two-core
# machine a room of 100 settles in about half a second (on the benchmark's first room its
# imbalance is within 0.4 % of the lower bound HiGHS proves); a room of 1,000 reaches its
# first optimum and a few rounds more in 2-4 s, and a larger budget barely helps it.
DEFAULT_SEARCH_BUDGET = 5_000


def seat(
    people: Sequence[Person],
    *,
    table_size: int,
    balance: Sequence[str],
    household_attributes: Sequence[str] = (),
    language_attribute: str | None = None,
    seed: int = 0,
    search_budget: int = DEFAULT_SEARCH_BUDGET,
) -> Seating:
    """Seat everyone at ceil(n / table_size) tables whose sizes differ by at most one.

    With `language_attribute`, each language is seated on its own tables (online breakout
    rooms), mirroring that language group's mix.
    """
    if table_size < 1:
        raise SeatingError(f"table size must be at least 1, got {table_size}")
    check_unique_ids(people)
    rng = np.random.default_rng(seed)
    tables: list[tuple[Person, ...]] = []
    for language, group in language_groups(people, language_attribute):
        # Languages share the budget by size, so splitting a room does not multiply the work.
        group_budget = search_budget * len(group) // max(len(people), 1)
        tables.extend(
            _seat_group(
                group, table_size, balance, household_attributes, language, rng, group_budget
            )
        )
    return Seating(tables=tuple(tables), balance=tuple(balance))


def language_groups(
    people: Sequence[Person], language_attribute: str | None
) -> list[tuple[str | None, list[Person]]]:
    if language_attribute is None:
        return [(None, list(people))]
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        groups[person.value(language_attribute)].append(person)
    return sorted(groups.items())


def household_codes(people: Sequence[Person], household_attributes: Sequence[str]) -> IntArray:
    """One integer per household; people without household attributes live alone."""
    codes: dict[Hashable, int] = {}
    result = np.empty(len(people), dtype=np.int64)
    for position, person in enumerate(people):
        key: Hashable = household_of(person, household_attributes) or ("alone", position)
        result[position] = codes.setdefault(key, len(codes))
    return result


def _seat_group(
    people: list[Person],
    table_size: int,
    balance: Sequence[str],
    household_attributes: Sequence[str],
    language: str | None,
    rng: np.random.Generator,
    search_budget: int,
) -> list[tuple[Person, ...]]:
    if not people:
        return []
    table_count = -(-len(people) // table_size)
    households = household_codes(people, household_attributes)
    _check_households_fit(people, households, household_attributes, table_count, language)
    room = room_matrix(people, balance)
    table_of = _deal(_stratified_order(room, households, rng), table_count)
    search = SwapSearch(room, households, table_of, table_count)
    search.run(rng, search_budget)
    return [
        tuple(people[index] for index in np.flatnonzero(search.table_of == table))
        for table in range(table_count)
    ]


def _check_households_fit(
    people: Sequence[Person],
    households: IntArray,
    household_attributes: Sequence[str],
    table_count: int,
    language: str | None,
) -> None:
    code, members = Counter(households.tolist()).most_common(1)[0]
    if members <= table_count:
        return
    example = people[int(np.flatnonzero(households == code)[0])]
    household = " / ".join(
        repr(value) for value in household_of(example, household_attributes) or ()
    )
    among = f" among {language!r} speakers" if language is not None else ""
    raise SeatingError(
        f"household {household} has {members} members{among} but there are only "
        f"{table_count} tables: its members cannot all sit at different tables"
    )


def _stratified_order(
    room: RoomMatrix, households: IntArray, rng: np.random.Generator
) -> list[int]:
    """People sorted by their values, each household kept together; ties broken by the seed."""
    members: dict[int, list[int]] = defaultdict(list)
    for person in rng.permutation(room.size).tolist():
        members[int(households[person])].append(person)

    def stratum(person: int) -> tuple[int, ...]:
        return tuple(np.flatnonzero(room.one_hot[person]).tolist())

    units = sorted(members.values(), key=lambda unit: min(stratum(person) for person in unit))
    return [person for unit in units for person in unit]


def _deal(order: list[int], table_count: int) -> IntArray:
    """Round-robin: sizes differ by at most one, and any run of <= table_count people
    (such as a household) lands at distinct tables."""
    table_of = np.empty(len(order), dtype=np.int64)
    table_of[order] = np.arange(len(order)) % table_count
    return table_of
