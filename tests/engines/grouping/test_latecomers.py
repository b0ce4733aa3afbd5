from typing import Any

import pytest

from polyvox.engines.grouping import Person, SeatingError, seat, seat_latecomers
from tests.engines.grouping.conftest import RoomFactory

BALANCE = ("gender", "age", "education", "area", "region", "attitude")


def test_it_moves_nobody_already_seated(room: RoomFactory) -> None:
    people = room(40)
    seated = seat(people[:34], table_size=6, balance=BALANCE, search_budget=300)
    updated = seat_latecomers(seated, people[34:], table_size=6)
    for before, after in zip(seated.tables, updated.tables, strict=False):
        assert after[: len(before)] == before
    assert sorted(p.id for p in updated.people) == sorted(p.id for p in people)


def test_it_fills_free_seats_before_opening_a_table(room: RoomFactory) -> None:
    people = room(40)
    seated = seat(
        people[:33], table_size=6, balance=BALANCE, search_budget=300
    )  # 6 tables: 5, 5, 5, 6, 6, 6
    updated = seat_latecomers(seated, people[33:36], table_size=6)
    assert len(updated.tables) == len(seated.tables)
    assert max(updated.sizes) <= 6


def test_it_opens_a_new_table_only_when_every_table_is_full(room: RoomFactory) -> None:
    people = room(40)
    seated = seat(people[:36], table_size=6, balance=BALANCE, search_budget=300)  # 6 full tables
    updated = seat_latecomers(seated, people[36:], table_size=6)
    assert updated.sizes == (6, 6, 6, 6, 6, 6, 4)


def test_it_keeps_households_and_languages_apart(room: RoomFactory) -> None:
    people = room(20, households=20, languages=("en", "fr"))
    options: dict[str, Any] = {
        "household_attributes": ["address"],
        "language_attribute": "language",
    }
    seated = seat(people[:14], table_size=4, balance=BALANCE, search_budget=300, **options)
    updated = seat_latecomers(seated, people[14:], table_size=4, **options)
    for table in updated.tables:
        assert len({p.attributes["language"] for p in table}) == 1
        assert len({p.attributes["address"] for p in table}) == len(table)


def test_it_refuses_a_latecomer_already_seated(room: RoomFactory) -> None:
    people = room(10)
    seated = seat(people, table_size=5, balance=BALANCE, search_budget=300)
    with pytest.raises(SeatingError, match="appears twice"):
        seat_latecomers(seated, [Person(people[0].id, people[0].attributes)], table_size=5)
