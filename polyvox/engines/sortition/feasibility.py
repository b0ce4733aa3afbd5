"""Explaining infeasible quotas and proposing the smallest relaxation."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy import sparse

from polyvox.engines.sortition import highs
from polyvox.engines.sortition.model import InfeasibleQuotasError, Quota, QuotaConflict
from polyvox.engines.sortition.pricing import PanelOracle, panel_rows
from polyvox.engines.sortition.problem import FloatArray, IntArray, Problem


def check_feasible(problem: Problem, seed: int = 0) -> IntArray:
    """One valid panel (as a type profile); raises InfeasibleQuotasError when none exists."""
    panel = PanelOracle(problem, seed).best_panel(np.zeros(problem.type_count))
    if panel is not None:
        return panel.profile
    raise infeasibility_error(problem, seed)


def category_sum_problems(quotas: list[Quota] | tuple[Quota, ...], panel_size: int) -> list[str]:
    """Categories whose mins add up past k, or whose maxes cannot reach k."""
    mins: dict[str, int] = defaultdict(int)
    maxes: dict[str, int] = defaultdict(int)
    for quota in quotas:
        mins[quota.category] += quota.min
        maxes[quota.category] += quota.max
    problems = []
    for category in mins:
        if mins[category] > panel_size:
            problems.append(
                f"the minimums of {category} add up to {mins[category]}, more than the panel size {panel_size}"
            )
        if maxes[category] < panel_size:
            problems.append(
                f"the maximums of {category} add up to {maxes[category]}, less than the panel size {panel_size}"
            )
    return problems


def infeasibility_error(problem: Problem, seed: int) -> InfeasibleQuotasError:
    within_flex = _smallest_relaxation(problem, seed, respect_flex=True)
    relaxation = (
        within_flex
        if within_flex is not None
        else _smallest_relaxation(problem, seed, respect_flex=False)
    )
    conflicts = _conflicts(problem, relaxation) if relaxation is not None else []
    lines = ["no panel meets every quota."]
    lines += category_sum_problems(problem.quotas, problem.panel_size)
    if conflicts:
        lines.append(
            "smallest relaxation"
            + (
                " within min_flex/max_flex"
                if within_flex is not None
                else " (beyond min_flex/max_flex)"
            )
            + ":"
        )
        lines += [
            f"  {c.category}={c.value}: [{c.current_min}, {c.current_max}] -> "
            f"[{c.suggested_min}, {c.suggested_max}]"
            for c in conflicts
        ]
    elif relaxation is None:
        lines.append("no relaxation of the quotas helps: check the pool and the panel size.")
    return InfeasibleQuotasError("\n".join(lines), conflicts, relaxable=within_flex is not None)


def _conflicts(problem: Problem, relaxation: FloatArray) -> list[QuotaConflict]:
    quota_count = len(problem.quotas)
    lower_moves = np.rint(relaxation[:quota_count]).astype(int)
    upper_moves = np.rint(relaxation[quota_count:]).astype(int)
    conflicts = []
    for row, quota in enumerate(problem.quotas):
        if lower_moves[row] or upper_moves[row]:
            conflicts.append(
                QuotaConflict(
                    category=quota.category,
                    value=quota.value,
                    current_min=quota.min,
                    current_max=quota.max,
                    suggested_min=quota.min - int(lower_moves[row]),
                    suggested_max=quota.max + int(upper_moves[row]),
                )
            )
    return conflicts


def _relaxation_limits(problem: Problem, respect_flex: bool) -> tuple[FloatArray, FloatArray]:
    lower_room = []
    upper_room = []
    for quota in problem.quotas:
        floor = quota.min_flex if respect_flex and quota.min_flex is not None else 0
        ceiling = (
            quota.max_flex if respect_flex and quota.max_flex is not None else problem.pool_size
        )
        lower_room.append(max(0, quota.min - floor))
        upper_room.append(max(0, ceiling - quota.max))
    return np.array(lower_room, dtype=float), np.array(upper_room, dtype=float)


def _smallest_relaxation(problem: Problem, seed: int, respect_flex: bool) -> FloatArray | None:
    """Minimise the total quota movement that makes some panel valid (a small MIP).

    Columns: the type counts, then how far each min goes down, then each max up.
    """
    quota_count = len(problem.quotas)
    matrix, lower, upper = panel_rows(problem)
    types = problem.type_count
    identity = sparse.identity(quota_count, format="csr")
    zeros = sparse.csr_matrix((matrix.shape[0] - quota_count, quota_count))
    # Quota rows get two copies: count + down >= min and count - up <= max.
    quota_block = matrix[:quota_count]
    rows = sparse.vstack(
        [
            sparse.hstack([quota_block, identity, sparse.csr_matrix((quota_count, quota_count))]),
            sparse.hstack([quota_block, sparse.csr_matrix((quota_count, quota_count)), -identity]),
            sparse.hstack([matrix[quota_count:], zeros, zeros]),
        ],
        format="csr",
    )
    row_lower = np.concatenate(
        [lower[:quota_count], np.full(quota_count, -highs.INFINITY), lower[quota_count:]]
    )
    row_upper = np.concatenate(
        [np.full(quota_count, highs.INFINITY), upper[:quota_count], upper[quota_count:]]
    )
    lower_room, upper_room = _relaxation_limits(problem, respect_flex)
    solver = highs.new_solver(seed)
    highs.pass_model(
        solver,
        costs=np.concatenate([np.zeros(types), np.ones(2 * quota_count)]),
        col_lower=np.zeros(types + 2 * quota_count),
        col_upper=np.concatenate([problem.type_counts.astype(float), lower_room, upper_room]),
        matrix=rows,
        row_lower=row_lower,
        row_upper=row_upper,
        integer=True,
        maximise=False,
    )
    solver.run()
    if not highs.is_optimal(solver):
        return None
    return highs.column_values(solver)[types:]
