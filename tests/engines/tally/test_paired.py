"""The change between a before and an after question, with Newcombe's paired interval."""

from __future__ import annotations

import math

import pytest

from polyvox.engines.tally.paired import (
    PairedTable,
    newcombe_paired_interval,
    paired_changes,
    paired_table,
)

Z = 1.959964  # two-sided 95 %


def wilson_by_hand(count: int, n: int) -> tuple[float, float]:
    """The Wilson score bounds as the roots of the quadratic (Wilson 1927), written out
    independently of the centre-and-half-width form the engine uses."""
    root = Z * math.sqrt(Z * Z + 4 * count * (1 - count / n))
    return (
        (2 * count + Z * Z - root) / (2 * (n + Z * Z)),
        (2 * count + Z * Z + root) / (2 * (n + Z * Z)),
    )


def test_a_small_example_matches_a_hand_computation() -> None:
    """Ten citizens: 2 chose the option before and after, 3 only before, 1 only after, 4
    never. Before 5/10, after 3/10: the change is -0.2."""
    before = {
        **{f"both{i}": {"yes"} for i in range(2)},
        **{f"left{i}": {"yes"} for i in range(3)},
        "joined": {"no"},
        **{f"never{i}": {"no"} for i in range(4)},
    }
    after = {
        **{f"both{i}": {"yes"} for i in range(2)},
        **{f"left{i}": {"no"} for i in range(3)},
        "joined": {"yes"},
        **{f"never{i}": {"no"} for i in range(4)},
        "came-late": {"yes"},  # answered only after: not a pair, left out
    }
    change = paired_changes(before, after, ["yes"])[0]
    # By hand: Wilson bounds of after = 3/10 and before = 5/10, and phi of the 2x2 table.
    low_after, high_after = wilson_by_hand(3, 10)  # 0.1078, 0.6032
    low_before, high_before = wilson_by_hand(5, 10)  # 0.2366, 0.7634
    phi = (2 * 4 - 3 * 1) / math.sqrt(5 * 5 * 3 * 7)  # 0.2182
    below = math.sqrt(
        (0.3 - low_after) ** 2
        - 2 * phi * (0.3 - low_after) * (high_before - 0.5)
        + (high_before - 0.5) ** 2
    )
    above = math.sqrt(
        (high_after - 0.3) ** 2
        - 2 * phi * (high_after - 0.3) * (0.5 - low_before)
        + (0.5 - low_before) ** 2
    )
    assert change.pairs == 10
    assert (change.before, change.after) == pytest.approx((0.5, 0.3))
    assert change.change == pytest.approx(-0.2)
    assert change.low == pytest.approx(-0.2 - below, abs=1e-6)
    assert change.high == pytest.approx(-0.2 + above, abs=1e-6)
    # The same numbers, rounded, as written in the margin of the hand computation.
    assert (change.low, change.high) == pytest.approx((-0.4902, 0.1556), abs=5e-5)


def test_newcombes_published_example() -> None:
    """Newcombe (1998), paired data, a=36, b=12, c=2, d=0: difference 0.2 with method 10
    interval 0.0569 to 0.3404 (here after - before, so the signs turn)."""
    table = PairedTable(both=36, before_only=12, after_only=2, neither=0)
    change, low, high = newcombe_paired_interval(table)
    assert change == pytest.approx(-0.2)
    assert (low, high) == pytest.approx((-0.3404, -0.0569), abs=5e-5)


def test_no_change_gives_an_interval_around_zero_and_no_pairs_give_nothing() -> None:
    same = PairedTable(both=4, before_only=3, after_only=3, neither=4)
    change, low, high = newcombe_paired_interval(same)
    assert change == 0
    assert low < 0 < high
    assert low == pytest.approx(-high)
    assert all(math.isnan(x) for x in newcombe_paired_interval(PairedTable(0, 0, 0, 0)))


def test_everyone_changing_stays_inside_minus_one_and_one() -> None:
    change, low, high = newcombe_paired_interval(PairedTable(0, 0, 12, 0))
    assert change == 1
    assert -1 <= low < 1
    assert high == pytest.approx(1)


def test_pairs_are_matched_by_pseudonym_not_by_position() -> None:
    table = paired_table({"p1": ["a"], "p2": ["b"]}, {"p2": ["a"], "p1": ["a"]}, "a")
    assert table == PairedTable(both=1, before_only=0, after_only=1, neither=0)
