from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from polyvox.engines.grouping import Person, seat, seat_latecomers
from polyvox.engines.grouping.model import Seating

person_values = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["w", "m", "x"]),
        "age": st.sampled_from(["young", "middle", "old"]),
        "home": st.sampled_from(["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"]),
    }
)


@st.composite
def rooms(draw: st.DrawFn) -> tuple[list[Person], int, bool]:
    values = draw(st.lists(person_values, min_size=1, max_size=40))
    table_size = draw(st.integers(min_value=1, max_value=8))
    people = [Person(f"p{number}", attributes) for number, attributes in enumerate(values)]
    return people, table_size, households_fit(people, table_size)


def households_fit(people: list[Person], table_size: int) -> bool:
    """Whether every household can be split over the tables (else the caller is told so)."""
    tables = -(-len(people) // table_size)
    return max(Counter(person.attributes["home"] for person in people).values()) <= tables


def no_household_shares_a_table(seating: Seating) -> bool:
    return all(
        len({person.attributes["home"] for person in table}) == len(table)
        for table in seating.tables
    )


@settings(max_examples=30, deadline=None, derandomize=True)
@given(rooms(), st.integers(min_value=0, max_value=3))
def test_every_seating_keeps_sizes_even_and_households_apart(
    room: tuple[list[Person], int, bool], seed: int
) -> None:
    people, table_size, feasible = room
    if not feasible:
        return
    seating = seat(
        people,
        table_size=table_size,
        balance=["gender", "age"],
        household_attributes=["home"],
        seed=seed,
        search_budget=300,
    )
    assert sorted(p.id for p in seating.people) == sorted(p.id for p in people)
    assert max(seating.sizes) - min(seating.sizes) <= 1 <= min(seating.sizes)
    assert max(seating.sizes) <= table_size
    assert no_household_shares_a_table(seating)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(rooms(), st.integers(min_value=1, max_value=10))
def test_latecomers_never_break_sizes_or_households(
    room: tuple[list[Person], int, bool], late: int
) -> None:
    people, table_size, _ = room
    if late >= len(people) or not households_fit(people[:-late], table_size):
        return
    early = seat(
        people[:-late],
        table_size=table_size,
        balance=["gender", "age"],
        household_attributes=["home"],
        search_budget=100,
    )
    seating = seat_latecomers(
        early, people[-late:], table_size=table_size, household_attributes=["home"]
    )
    assert max(seating.sizes) <= table_size
    assert no_household_shares_a_table(seating)
    for before, after in zip(early.tables, seating.tables, strict=False):
        assert after[: len(before)] == before
