from collections import Counter
from collections.abc import Sequence
from math import ceil
from typing import Any

import numpy as np
import pytest

from polyvox.engines.grouping import Person, SeatingError, diversity, imbalance, seat
from polyvox.engines.grouping.scoring import (
    room_matrix,
    table_counts,
    table_deviations,
    table_diversities,
)
from tests.engines.grouping.conftest import RoomFactory

BALANCE = ("gender", "age", "education", "area", "region", "attitude")
# Tests of invariants (sizes, households, languages) need no polished mix: keep them quick.
QUICK = 300


def best_of_random(
    people: list[Person], sizes: Sequence[int], trials: int = 1000, seed: int = 7
) -> tuple[float, float]:
    """Best diversity and best imbalance over random seatings with the same table sizes."""
    room = room_matrix(people, BALANCE)
    sizes_array = np.array(sizes, dtype=np.float64)
    base = np.repeat(np.arange(len(sizes)), sizes)
    rng = np.random.default_rng(seed)
    best_diversity, best_imbalance = 0.0, np.inf
    for _ in range(trials):
        counts = table_counts(room.one_hot, rng.permutation(base), len(sizes))
        best_diversity = max(best_diversity, table_diversities(counts).sum())
        best_imbalance = min(
            best_imbalance, table_deviations(counts, sizes_array, room.shares).sum()
        )
    return best_diversity, best_imbalance


class TestTableSizes:
    @pytest.mark.parametrize(("people", "table_size"), [(100, 6), (7, 3), (13, 5), (6, 6), (1, 6)])
    def test_it_uses_ceil_n_over_size_tables_differing_by_at_most_one(
        self, room: RoomFactory, people: int, table_size: int
    ) -> None:
        seating = seat(room(people), table_size=table_size, balance=BALANCE, search_budget=QUICK)
        assert len(seating.tables) == ceil(people / table_size)
        assert max(seating.sizes) - min(seating.sizes) <= 1
        assert max(seating.sizes) <= table_size

    def test_it_seats_everyone_once(self, room: RoomFactory) -> None:
        people = room(100)
        seating = seat(people, table_size=6, balance=BALANCE, search_budget=QUICK)
        assert sorted(person.id for person in seating.people) == sorted(p.id for p in people)

    def test_it_seats_an_empty_room_at_no_tables(self) -> None:
        assert seat([], table_size=6, balance=BALANCE).tables == ()

    def test_it_refuses_a_table_size_below_one(self, room: RoomFactory) -> None:
        with pytest.raises(SeatingError, match="at least 1"):
            seat(room(5), table_size=0, balance=BALANCE)


class TestHouseholds:
    def test_it_never_seats_two_members_of_a_household_together(self, room: RoomFactory) -> None:
        people = room(60, households=45)
        seating = seat(
            people,
            table_size=6,
            balance=BALANCE,
            household_attributes=["address"],
            search_budget=QUICK,
        )
        for table in seating.tables:
            addresses = Counter(person.attributes["address"] for person in table)
            assert max(addresses.values()) == 1

    def test_it_fits_a_household_as_large_as_the_number_of_tables(self) -> None:
        people = [Person(f"p{n}", {"gender": "w", "address": "same"}) for n in range(3)]
        people += [Person(f"q{n}", {"gender": "m", "address": f"own{n}"}) for n in range(6)]
        seating = seat(people, table_size=3, balance=["gender"], household_attributes=["address"])
        assert all(
            sum(person.attributes["address"] == "same" for person in table) == 1
            for table in seating.tables
        )

    def test_it_explains_a_household_larger_than_the_number_of_tables(self) -> None:
        people = [Person(f"p{n}", {"gender": "w", "address": "12 High St"}) for n in range(3)]
        with pytest.raises(SeatingError, match=r"'12 High St'.*3 members.*only 2 tables"):
            seat(people, table_size=2, balance=["gender"], household_attributes=["address"])


class TestLanguages:
    def test_it_keeps_each_table_to_one_language(self, room: RoomFactory) -> None:
        people = room(50, languages=("en", "fr", "es"))
        seating = seat(
            people,
            table_size=5,
            balance=BALANCE,
            language_attribute="language",
            search_budget=QUICK,
        )
        for table in seating.tables:
            assert len({person.attributes["language"] for person in table}) == 1

    def test_it_sizes_each_language_s_tables_on_their_own(self, room: RoomFactory) -> None:
        people = room(50, languages=("en", "fr", "es"))  # 17, 17 and 16 speakers
        seating = seat(
            people,
            table_size=5,
            balance=BALANCE,
            language_attribute="language",
            search_budget=QUICK,
        )
        by_language: dict[str, list[int]] = {}
        for table in seating.tables:
            by_language.setdefault(table[0].attributes["language"], []).append(len(table))
        assert by_language == {"en": [5, 4, 4, 4], "es": [4, 4, 4, 4], "fr": [5, 4, 4, 4]}


class TestQuality:
    @pytest.mark.parametrize("seed", [0, 1])
    def test_it_beats_the_best_of_a_thousand_random_seatings_on_both_metrics(
        self, room: RoomFactory, seed: int
    ) -> None:
        people = room(100, seed=seed)
        seating = seat(people, table_size=6, balance=BALANCE, seed=seed)
        random_diversity, random_imbalance = best_of_random(people, seating.sizes)
        assert diversity(seating) > random_diversity
        assert imbalance(seating) < random_imbalance

    def test_it_still_beats_random_with_households(self, room: RoomFactory) -> None:
        people = room(100, households=60)
        seating = seat(people, table_size=6, balance=BALANCE, household_attributes=["address"])
        random_diversity, random_imbalance = best_of_random(people, seating.sizes)
        assert diversity(seating) > random_diversity
        assert imbalance(seating) < random_imbalance


class TestDeterminism:
    def test_it_gives_the_same_tables_for_the_same_seed(self, room: RoomFactory) -> None:
        people = room(80, households=30)
        options: dict[str, Any] = {
            "household_attributes": ["address"],
            "seed": 3,
            "search_budget": 1000,
        }
        first = seat(people, table_size=6, balance=BALANCE, **options)
        again = seat(people, table_size=6, balance=BALANCE, **options)
        assert first == again

    def test_it_may_differ_for_another_seed(self, room: RoomFactory) -> None:
        people = room(80)
        seatings = [
            seat(people, table_size=6, balance=BALANCE, seed=s, search_budget=500) for s in range(3)
        ]
        assert len({tuple(sorted(s.table_numbers().items())) for s in seatings}) > 1


class TestBadInput:
    def test_it_names_a_missing_attribute(self) -> None:
        people = [Person("a", {"gender": "w"}), Person("b", {})]
        with pytest.raises(SeatingError, match=r"'b' has no value for 'gender'"):
            seat(people, table_size=2, balance=["gender"])

    def test_it_refuses_duplicate_ids(self) -> None:
        people = [Person("a", {"gender": "w"}), Person("a", {"gender": "m"})]
        with pytest.raises(SeatingError, match="'a' appears twice"):
            seat(people, table_size=2, balance=["gender"])
