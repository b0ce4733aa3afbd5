from collections.abc import Iterator

import numpy as np
import pytest

from polyvox.engines.tally import (
    Answers,
    BreakdownTable,
    TallyInputError,
    compute_breakdowns,
    exposed_cells,
    suppress_small_cells,
)
from polyvox.engines.tally.answers import IntArray
from polyvox.engines.tally.suppression import BoolArray


def _compositions(total: int, caps: list[int]) -> Iterator[tuple[int, ...]]:
    if not caps:
        if total == 0:
            yield ()
        return
    for value in range(min(total, caps[0]) + 1):
        for rest in _compositions(total - value, caps[1:]):
            yield (value, *rest)


def values_each_hidden_cell_can_take(
    table: IntArray, hidden: BoolArray
) -> dict[tuple[int, int], set[int]]:
    """Brute force: every non-negative integer table with the published cells and totals."""
    visible = np.where(hidden, 0, table)
    row_left = table.sum(axis=1) - visible.sum(axis=1)
    column_left = (table.sum(axis=0) - visible.sum(axis=0)).tolist()
    possible: dict[tuple[int, int], set[int]] = {
        (int(r), int(c)): set() for r, c in zip(*np.nonzero(hidden), strict=True)
    }

    def fill(row: int, columns_left: list[int], chosen: dict[tuple[int, int], int]) -> None:
        if row == table.shape[0]:
            if not any(columns_left):
                for cell, value in chosen.items():
                    possible[cell].add(value)
            return
        cells = [int(c) for c in np.flatnonzero(hidden[row])]
        for values in _compositions(int(row_left[row]), [columns_left[c] for c in cells]):
            left = list(columns_left)
            for column, value in zip(cells, values, strict=True):
                left[column] -= value
            fill(row + 1, left, chosen | {(row, c): v for c, v in zip(cells, values, strict=True)})

    fill(0, column_left, {})
    return possible


def random_tables(count: int, seed: int) -> Iterator[tuple[IntArray, BoolArray]]:
    rng = np.random.default_rng(seed)
    for _ in range(count):
        shape = (int(rng.integers(2, 4)), int(rng.integers(2, 4)))
        yield rng.choice([0, 0, 1, 2, 3, 5, 8, 10, 12, 15], size=shape), rng.random(shape) < 0.6


class TestSuppression:
    def test_every_cell_under_ten_is_hidden(self) -> None:
        table = np.array([[25, 3, 40], [30, 22, 0], [12, 15, 18]])
        hidden = suppress_small_cells(table).hidden
        assert hidden[0, 1]
        assert hidden[1, 2]
        assert exposed_cells(table, hidden) == []

    def test_a_lone_small_cell_gets_complementary_cells(self) -> None:
        table = np.array([[25, 3, 40], [30, 22, 19], [12, 15, 18]])
        suppression = suppress_small_cells(table)
        assert suppression.hidden.sum() == 4
        assert exposed_cells(table, suppression.hidden) == []

    def test_a_table_without_small_cells_is_shown_whole(self) -> None:
        table = np.array([[25, 13], [30, 22]])
        assert not suppress_small_cells(table).hidden.any()

    def test_no_hidden_cell_can_be_derived_brute_force(self) -> None:
        checked = 0
        for table, _ in random_tables(80, seed=11):
            suppression = suppress_small_cells(table)
            if suppression.withheld:
                continue
            checked += 1
            small = (
                (table < 10) & (table.sum(axis=1) > 0)[:, None] & (table.sum(axis=0) > 0)[None, :]
            )
            assert suppression.hidden[small].all()
            possible = values_each_hidden_cell_can_take(table, suppression.hidden)
            pinned = [cell for cell, values in possible.items() if len(values) < 2]
            assert pinned == [], (table, suppression.hidden)
        assert checked > 60

    def test_the_protection_test_agrees_with_brute_force_on_any_pattern(self) -> None:
        for table, hidden in random_tables(80, seed=12):
            possible = values_each_hidden_cell_can_take(table, hidden)
            pinned = sorted(cell for cell, values in possible.items() if len(values) < 2)
            assert sorted(exposed_cells(table, hidden)) == pinned, (table, hidden)

    def test_a_single_row_table_is_withheld(self) -> None:
        suppression = suppress_small_cells(np.array([[3, 30]]))
        assert suppression.withheld


class TestBreakdowns:
    @pytest.fixture
    def tables(self) -> list[BreakdownTable]:
        # 40 citizens at one site: women 18 yes / 2 no, men 12 yes / 8 no.
        genders = ["f"] * 20 + ["m"] * 20
        options = ["yes"] * 18 + ["no"] * 2 + ["yes"] * 12 + ["no"] * 8
        answers = Answers.from_columns(
            participant=[f"p{i}" for i in range(40)],
            site=["lyon"] * 40,
            country=["FR"] * 40,
            question=["q"] * 40,
            option=options,
            categories={"gender": genders},
        )
        return compute_breakdowns(answers, category="gender", levels=["site"])

    def test_it_publishes_n_per_category_and_hides_small_cells_with_their_complements(
        self, tables: list[BreakdownTable]
    ) -> None:
        (table,) = tables
        assert table.values == ["f", "m"]
        assert table.n.tolist() == [20, 20]
        women, no = 0, table.options.index("no")
        assert table.published_count(women, no) is None
        # Row totals would give the hidden 2 away unless the whole 2x2 block is hidden.
        assert all(table.published_count(v, o) is None for v in range(2) for o in range(2))

    def test_it_shows_cells_of_ten_and_more(self) -> None:
        genders = ["f"] * 30 + ["m"] * 30
        options = ["yes"] * 18 + ["no"] * 12 + ["yes"] * 15 + ["no"] * 15
        answers = Answers.from_columns(
            participant=[f"p{i}" for i in range(60)],
            site=["lyon"] * 60,
            country=["FR"] * 60,
            question=["q"] * 60,
            option=options,
            categories={"gender": genders},
        )
        (table,) = compute_breakdowns(answers, category="gender", levels=["global"])
        yes = table.options.index("yes")
        assert table.published_count(0, yes) == 18
        assert table.published_share(0, yes) == pytest.approx(0.6)

    def test_a_participant_with_two_category_values_is_refused(self) -> None:
        answers = Answers.from_columns(
            participant=["p1", "p1"],
            site=["s", "s"],
            country=["FR", "FR"],
            question=["q1", "q2"],
            option=["a", "b"],
            categories={"gender": ["f", "m"]},
        )
        with pytest.raises(TallyInputError, match="'p1' appears with more than one gender"):
            compute_breakdowns(answers, category="gender", levels=["site"])
