from __future__ import annotations

import pytest

from polyvox.engines.sortition import (
    InfeasibleQuotasError,
    InvalidInputError,
    Pool,
    Quota,
    find_distribution,
)

POOL = Pool(
    ids=tuple(f"p{i}" for i in range(10)),
    features={
        "gender": ("f", "f", "f", "m", "m", "m", "m", "m", "m", "m"),
        "age": ("young", "old", "old", "young", "young", "young", "young", "old", "old", "old"),
    },
)


def quotas(female_min: int = 1, female_max: int = 3, old_min: int = 1, **flex: int) -> list[Quota]:
    return [
        Quota(
            "gender", "f", female_min, female_max, flex.get("f_min_flex"), flex.get("f_max_flex")
        ),
        Quota("gender", "m", 0, 4),
        Quota("age", "young", 0, 4),
        Quota("age", "old", old_min, 4),
    ]


class TestInfeasibleQuotas:
    def test_it_names_the_conflicting_quota_and_its_relaxation(self) -> None:
        # Four women wanted, only three in the pool.
        with pytest.raises(InfeasibleQuotasError) as caught:
            find_distribution(POOL, quotas(female_min=4, female_max=4), 4)
        conflicts = caught.value.conflicts
        assert [(c.category, c.value) for c in conflicts] == [("gender", "f")]
        assert conflicts[0].suggested_min == 3
        assert "gender=f" in str(caught.value)
        assert caught.value.relaxable

    def test_it_suggests_the_smallest_total_move(self) -> None:
        # 3 women max, 0 men allowed beyond 4 ... panel of 4 needs the women max raised by one.
        tight = [
            Quota("gender", "f", 0, 0),
            Quota("gender", "m", 0, 3),
            Quota("age", "young", 0, 4),
            Quota("age", "old", 0, 4),
        ]
        with pytest.raises(InfeasibleQuotasError) as caught:
            find_distribution(POOL, tight, 4)
        moves = {
            (c.value): (c.suggested_min - c.current_min, c.suggested_max - c.current_max)
            for c in caught.value.conflicts
        }
        assert sum(abs(a) + abs(b) for a, b in moves.values()) == 1

    def test_it_says_when_flex_bounds_forbid_a_relaxation(self) -> None:
        with pytest.raises(InfeasibleQuotasError) as caught:
            find_distribution(POOL, quotas(female_min=4, female_max=4, f_min_flex=4), 4)
        assert not caught.value.relaxable
        assert "beyond min_flex/max_flex" in str(caught.value)

    def test_it_explains_mins_adding_up_past_the_panel_size(self) -> None:
        with pytest.raises(InfeasibleQuotasError) as caught:
            find_distribution(POOL, quotas(female_min=3, old_min=4), 3)
        assert "the minimums of age add up to 4, more than the panel size 3" in str(caught.value)


class TestInvalidInput:
    def test_it_refuses_a_value_without_quota(self) -> None:
        pool = Pool(ids=("a", "b"), features={"gender": ("f", "x")})
        with pytest.raises(InvalidInputError, match="'x'"):
            find_distribution(pool, [Quota("gender", "f", 0, 1)], 1)

    def test_it_matches_values_case_insensitively(self) -> None:
        pool = Pool(ids=("a", "b"), features={"Gender": ("F", " m ")})
        distribution = find_distribution(
            pool, [Quota("gender", "f", 0, 1), Quota("GENDER", "M", 0, 1)], 1
        )
        assert distribution.probabilities == pytest.approx((0.5, 0.5))

    def test_it_refuses_duplicate_ids(self) -> None:
        pool = Pool(ids=("a", "a"), features={"gender": ("f", "m")})
        with pytest.raises(InvalidInputError, match="unique"):
            find_distribution(pool, [Quota("gender", "f", 0, 1), Quota("gender", "m", 0, 1)], 1)
