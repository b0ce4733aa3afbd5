"""LEXIMIN over the quota polytope, proved (or corrected) by a mix of valid panels."""

from __future__ import annotations

import numpy as np
import pytest

from polyvox.engines.sortition import (
    Pool,
    Quota,
    compile_problem,
    find_distribution,
    panel_violations,
    profile_violations,
    round_to_lottery,
)
from polyvox.engines.sortition.feasibility import check_feasible
from polyvox.engines.sortition.leximin import ColumnGeneration
from polyvox.engines.sortition.peeling import Peeler
from polyvox.engines.sortition.problem import IntArray
from polyvox.engines.sortition.relaxation import PanelMix
from tests.engines.sortition.conftest import make_pool, make_quotas


def odd_cycle() -> tuple[Pool, list[Quota]]:
    """Any two of a, b, c share a "yes" that allows one: every panel of two holds d.

    Over the quota polytope everyone could reach 1/2; the panels give d 1 and the
    others 1/3, so the polytope's answer must be cut away.
    """
    answers = {"a": "yny", "b": "yyn", "c": "nyy", "d": "nnn"}
    features = {
        f"q{i}": tuple("yes" if answers[p][i] == "y" else "no" for p in answers) for i in range(3)
    }
    quotas = [
        Quota(f"q{i}", value, 0, 1 if value == "yes" else 2)
        for i in range(3)
        for value in ("yes", "no")
    ]
    return Pool(ids=tuple(answers), features=features), quotas


class TestOutsideIn:
    def test_it_cuts_away_what_the_quota_polytope_promises_but_no_panel_gives(self) -> None:
        pool, quotas = odd_cycle()
        distribution = find_distribution(pool, quotas, 2)
        assert distribution.probabilities == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1.0], abs=1e-7)
        assert distribution.stats["cuts"] >= 1
        for panel in set(round_to_lottery(distribution, panels=300, seed=1).panels):
            assert panel_violations(pool, quotas, 2, panel) == []

    def test_it_agrees_with_level_by_level_column_generation(self, household_pool: Pool) -> None:
        quotas = make_quotas(8)
        ours = np.sort(find_distribution(household_pool, quotas, 8, seed=4).probabilities)
        problem = compile_problem(household_pool, quotas, 8)
        generation = ColumnGeneration(problem, seed=4, on_progress=None)
        generation.seed_panels(check_feasible(problem))
        result = generation.run(leximin=True)
        reference = np.sort(result.type_probabilities[problem.person_types()])
        assert ours == pytest.approx(reference, abs=1e-6)

    def test_maximin_reaches_the_leximin_minimum(self, small_pool: Pool) -> None:
        quotas = make_quotas(9)
        leximin = find_distribution(small_pool, quotas, 9)
        maximin = find_distribution(small_pool, quotas, 9, algorithm="maximin")
        assert maximin.minimum_probability == pytest.approx(leximin.minimum_probability, abs=1e-7)


class TestPeeling:
    def test_it_splits_a_mix_of_panels_back_into_valid_panels_with_the_same_mean(self) -> None:
        problem = compile_problem(make_pool(80, seed=7), make_quotas(10), 10)
        rng = np.random.default_rng(0)
        from polyvox.engines.sortition.pricing import PanelOracle

        oracle = PanelOracle(problem, seed=0)

        def best_profile() -> IntArray:
            panel = oracle.best_panel(rng.random(problem.type_count))
            assert panel is not None
            return panel.profile

        known = [best_profile() for _ in range(5)]
        target = np.mean(known, axis=0)
        panels = Peeler(problem, seed=0).peel(target)
        assert panels
        assert all(profile_violations(problem, p) == [] for p in panels)
        mix = PanelMix(problem, seed=0)
        for panel in panels:
            mix.add_panel(panel)
        mix.set_target(target)
        shortfall, _, _ = mix.solve()
        assert shortfall == pytest.approx(0.0, abs=1e-7)
        assert mix.weights() @ np.stack(panels) == pytest.approx(target, abs=1e-6)
