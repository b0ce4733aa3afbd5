"""Finding quota-feasible panels: the pricing ILP and cheap randomised heuristics."""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from polyvox.engines.sortition import highs
from polyvox.engines.sortition.problem import FloatArray, IntArray, Problem


@dataclass(frozen=True)
class PricedPanel:
    profile: IntArray
    value: float
    upper_bound: float  # no panel scores above this (the MIP's dual bound)


@dataclass(frozen=True)
class PricedPanels:
    profiles: list[IntArray]  # the best first, then other incumbents the MIP met
    upper_bound: float


def panel_rows(problem: Problem) -> tuple[sparse.csr_matrix, FloatArray, FloatArray]:
    """Constraint rows of one panel: quotas, panel size, one per household."""
    types = problem.type_count
    total = sparse.csr_matrix(np.ones((1, types)))
    blocks = [problem.value_matrix, total]
    size = np.array([float(problem.panel_size)])
    lower: list[FloatArray] = [problem.quota_min.astype(float), size]
    upper: list[FloatArray] = [problem.quota_max.astype(float), size]
    if problem.household_groups:
        rows = [row for row, group in enumerate(problem.household_groups) for _ in group]
        cols = [t for group in problem.household_groups for t in group]
        households = sparse.csr_matrix(
            (np.ones(len(cols)), (rows, cols)), shape=(len(problem.household_groups), types)
        )
        blocks.append(households)
        lower.append(np.zeros(len(problem.household_groups)))
        upper.append(np.ones(len(problem.household_groups)))
    matrix = sparse.vstack(blocks, format="csr")
    return matrix, np.concatenate(lower), np.concatenate(upper)


class PanelOracle:
    """Answers "which valid panel maximises these per-type weights?" with a HiGHS MIP."""

    def __init__(self, problem: Problem, seed: int) -> None:
        self.problem = problem
        self.capacity = problem.type_counts.astype(float)
        self.solver = self._model(seed, integer=True)
        self.solver.setOptionValue("mip_abs_gap", 1e-9)
        # The MIP is solved at the root; the feasibility-jump heuristic only costs time.
        self.solver.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        # Incumbents found on the way to the optimum are good columns too, for free.
        self.solver.setOptionValue("mip_improving_solution_save", True)
        self.calls = 0

    def _model(self, seed: int, integer: bool) -> highspy.Highs:
        solver = highs.new_solver(seed)
        solver.setOptionValue("presolve", "off")
        matrix, lower, upper = panel_rows(self.problem)
        highs.pass_model(
            solver,
            costs=np.zeros(self.problem.type_count),
            col_lower=np.zeros(self.problem.type_count),
            col_upper=self.capacity,
            matrix=matrix,
            row_lower=lower,
            row_upper=upper,
            integer=integer,
            maximise=True,
        )
        return solver

    def best_panel(self, weights: FloatArray) -> PricedPanel | None:
        """The panel of largest total weight, or None when no panel meets the quotas."""
        priced = self.best_panels(weights)
        if priced is None:
            return None
        profile = priced.profiles[0]
        return PricedPanel(profile, float(weights @ profile), priced.upper_bound)

    def best_panels(self, weights: FloatArray, gap: float = 1e-7) -> PricedPanels | None:
        self.calls += 1
        self.solver.setOptionValue("mip_rel_gap", gap)
        profiles = self._solve_mip(weights)
        if profiles is None:
            return None
        bound = float(self.solver.getInfo().mip_dual_bound)
        best_value = float(weights @ profiles[0])
        if not np.isfinite(bound):
            bound = best_value
        return PricedPanels(profiles=profiles, upper_bound=max(bound, best_value))

    def _solve_mip(self, weights: FloatArray) -> list[IntArray] | None:
        highs.set_costs(self.solver, weights)
        self.solver.run()
        if highs.is_infeasible(self.solver) or self.solver.getInfo().primal_solution_status != 2:
            return None
        profiles = [np.rint(highs.column_values(self.solver)).astype(np.int64)]
        for saved in self.solver.getSavedMipSolutions():
            profiles.append(np.rint(np.array(saved.col_value)).astype(np.int64))
        return profiles
