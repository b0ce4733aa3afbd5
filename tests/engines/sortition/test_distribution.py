from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from polyvox.engines.sortition import (
    Distribution,
    Pool,
    Quota,
    find_distribution,
    panel_violations,
    round_to_lottery,
)
from tests.engines.sortition.conftest import make_quotas


def load_paper_instance(folder: Path) -> tuple[Pool, list[Quota]]:
    with (folder / "categories.csv").open(newline="") as handle:
        quotas = [
            Quota(row["category"], row["feature"], int(row["min"]), int(row["max"]))
            for row in csv.DictReader(handle)
        ]
    with (folder / "respondents.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    categories = list(dict.fromkeys(q.category for q in quotas))
    pool = Pool(
        ids=tuple(str(i) for i in range(len(rows))),
        features={c: tuple(row[c] for row in rows) for c in categories},
    )
    return pool, quotas


def distribution_panels(distribution: Distribution, pool_size: int) -> set[tuple[int, ...]]:
    """Every concrete panel the distribution can produce, via a fine lottery."""
    return set(round_to_lottery(distribution, panels=500, seed=3).panels)


class TestPublicExamples:
    def test_it_gives_everyone_k_over_n_on_example_small_20(self, shared_data: Path) -> None:
        pool, quotas = load_paper_instance(shared_data / "sortition" / "example_small_20")
        distribution = find_distribution(pool, quotas, 20)
        assert np.allclose(distribution.probabilities, 20 / 200, atol=1e-6)

    def test_its_lottery_panels_meet_every_quota(self, shared_data: Path) -> None:
        pool, quotas = load_paper_instance(shared_data / "sortition" / "example_small_20")
        distribution = find_distribution(pool, quotas, 20)
        for panel in distribution_panels(distribution, pool.size):
            assert panel_violations(pool, quotas, 20, panel) == []


class TestFairness:
    def test_it_never_breaks_quotas_or_households(self, household_pool: Pool) -> None:
        quotas = make_quotas(8)
        distribution = find_distribution(household_pool, quotas, 8, seed=5)
        for panel in distribution_panels(distribution, household_pool.size):
            assert panel_violations(household_pool, quotas, 8, panel) == []

    def test_it_keeps_probabilities_consistent_with_panel_size(self, small_pool: Pool) -> None:
        distribution = find_distribution(small_pool, make_quotas(9), 9)
        assert sum(distribution.probabilities) == pytest.approx(9, abs=1e-6)
        assert sum(distribution.weights) == pytest.approx(1)

    def test_it_makes_leximin_at_least_maximin_rank_by_rank_first_difference(
        self, small_pool: Pool
    ) -> None:
        quotas = make_quotas(9)
        leximin = np.sort(find_distribution(small_pool, quotas, 9).probabilities)
        maximin = np.sort(
            find_distribution(small_pool, quotas, 9, algorithm="maximin").probabilities
        )
        assert leximin[0] == pytest.approx(maximin[0], abs=1e-6)
        differences = leximin - maximin
        first = next((d for d in differences if abs(d) > 1e-6), 0.0)
        assert first >= 0

    def test_it_gives_legacy_a_lower_minimum_than_leximin(self, small_pool: Pool) -> None:
        quotas = make_quotas(9)
        leximin = find_distribution(small_pool, quotas, 9)
        legacy = find_distribution(small_pool, quotas, 9, algorithm="legacy", legacy_samples=300)
        assert legacy.minimum_probability <= leximin.minimum_probability + 1e-9

    def test_it_is_deterministic_for_a_seed(self, small_pool: Pool) -> None:
        quotas = make_quotas(9)
        first = find_distribution(small_pool, quotas, 9, seed=11)
        second = find_distribution(small_pool, quotas, 9, seed=11)
        assert first.probabilities == second.probabilities
        assert first.profiles == second.profiles

    def test_it_reports_progress_up_to_completion(self, small_pool: Pool) -> None:
        seen: list[tuple[float, str]] = []
        find_distribution(
            small_pool, make_quotas(9), 9, on_progress=lambda f, m: seen.append((f, m))
        )
        assert seen[-1][0] == 1.0
        assert all(0.0 <= fraction <= 1.0 for fraction, _ in seen)


class TestLegacy:
    def test_it_copes_with_a_value_filled_to_its_maximum(self) -> None:
        # Once the single rural seat is taken no rural person is left; that must not
        # count as an unmet minimum (it used to make every attempt fail).
        size = 20
        pool = Pool(
            ids=tuple(f"p{i}" for i in range(size)),
            features={
                "gender": tuple("female" if i % 2 else "male" for i in range(size)),
                "area": tuple("rural" if i < 4 else "city" for i in range(size)),
            },
        )
        quotas = [
            Quota("gender", "female", 2, 3),
            Quota("gender", "male", 2, 3),
            Quota("area", "rural", 1, 1),
            Quota("area", "city", 0, 5),
        ]
        legacy = find_distribution(pool, quotas, 5, algorithm="legacy", legacy_samples=100)
        assert sum(legacy.probabilities) == pytest.approx(5)
        assert sum(legacy.probabilities[:4]) == pytest.approx(1)
