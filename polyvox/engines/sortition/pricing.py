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

    def __init__(self, problem: Problem, seed: int, relative_gap: float = 1e-7) -> None:
        self.problem = problem
        self.solver = highs.new_solver(seed)
        self.solver.setOptionValue("mip_rel_gap", relative_gap)
        self.solver.setOptionValue("mip_abs_gap", 1e-9)
        self.solver.setOptionValue("presolve", "off")
        matrix, lower, upper = panel_rows(problem)
        highs.pass_model(
            self.solver,
            costs=np.zeros(problem.type_count),
            col_lower=np.zeros(problem.type_count),
            col_upper=problem.type_counts.astype(float),
            matrix=matrix,
            row_lower=lower,
            row_upper=upper,
            integer=True,
            maximise=True,
        )
        # Incumbents found on the way to the optimum are good columns too, for free.
        self.solver.setOptionValue("mip_improving_solution_save", True)
        self.calls = 0
        self.relaxation = highs.new_solver(seed)
        highs.pass_model(
            self.relaxation,
            costs=np.zeros(problem.type_count),
            col_lower=np.zeros(problem.type_count),
            col_upper=problem.type_counts.astype(float),
            matrix=matrix,
            row_lower=lower,
            row_upper=upper,
            integer=False,
            maximise=True,
        )
        self.relaxation_hits = 0

    def best_panels(self, weights: FloatArray, gap: float = 1e-7) -> PricedPanels | None:
        self.solver.setOptionValue("mip_rel_gap", gap)
        best = self.best_panel(weights)
        if best is None:
            return None
        profiles = [best.profile]
        if best.upper_bound == best.value:
            return PricedPanels(profiles=profiles, upper_bound=best.upper_bound)
        for saved in self.solver.getSavedMipSolutions():
            profiles.append(np.rint(np.array(saved.col_value)).astype(np.int64))
        return PricedPanels(profiles=profiles, upper_bound=best.upper_bound)

    def relaxed_panel(self, weights: FloatArray) -> PricedPanel | None:
        """The LP relaxation's optimum when it happens to be integral (then it is exact)."""
        highs.set_costs(self.relaxation, weights)
        self.relaxation.run()
        if not highs.is_optimal(self.relaxation):
            return None
        values = highs.column_values(self.relaxation)
        profile = np.rint(values)
        if np.max(np.abs(values - profile)) > 1e-9:
            return None
        value = float(weights @ profile)
        return PricedPanel(profile=profile.astype(np.int64), value=value, upper_bound=value)

    def best_panel(self, weights: FloatArray) -> PricedPanel | None:
        """The panel of largest total weight, or None when no panel meets the quotas."""
        self.calls += 1
        relaxed = self.relaxed_panel(weights)
        if relaxed is not None:
            self.relaxation_hits += 1
            return relaxed
        highs.set_costs(self.solver, weights)
        self.solver.run()
        if highs.is_infeasible(self.solver):
            return None
        values = highs.column_values(self.solver)
        profile = np.rint(values).astype(np.int64)
        info = self.solver.getInfo()
        value = float(weights @ profile)
        bound = float(info.mip_dual_bound)
        if (
            not np.isfinite(bound)
            or self.solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
        ):
            bound = max(value, bound) if np.isfinite(bound) else value
        return PricedPanel(profile=profile, value=value, upper_bound=max(bound, value))
