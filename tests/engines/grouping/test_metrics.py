import pytest

from polyvox.engines.grouping import Person, Seating, diversity, imbalance


def person(identifier: str, gender: str, age: str) -> Person:
    return Person(identifier, {"gender": gender, "age": age})


def test_it_counts_distinct_values_per_table_and_category() -> None:
    seating = Seating(
        tables=(
            (person("1", "w", "young"), person("2", "w", "old")),
            (person("3", "m", "young"), person("4", "m", "young")),
        ),
        balance=("gender", "age"),
    )
    # table 1: one gender, two ages; table 2: one gender, one age
    assert diversity(seating) == 1 + 2 + 1 + 1


def test_it_sums_absolute_deviations_from_the_room_s_shares() -> None:
    seating = Seating(
        tables=(
            (person("1", "w", "young"), person("2", "w", "old")),
            (person("3", "m", "young"), person("4", "m", "young")),
        ),
        balance=("gender", "age"),
    )
    # Room: half women, 3/4 young. Each table of 2 should hold 1 woman and 1.5 young people.
    gender = (abs(2 - 1) + abs(0 - 1)) * 2
    age = abs(1 - 1.5) + abs(1 - 0.5) + abs(2 - 1.5) + abs(0 - 0.5)
    assert imbalance(seating) == pytest.approx(gender + age)


def test_a_perfect_mix_has_no_imbalance() -> None:
    seating = Seating(
        tables=((person("1", "w", "young"), person("2", "m", "old")),) * 1
        + ((person("3", "m", "young"), person("4", "w", "old")),),
        balance=("gender", "age"),
    )
    assert imbalance(seating) == 0
    assert diversity(seating) == 8
