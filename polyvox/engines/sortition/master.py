"""The master LP of column generation, solved in its dual form as in Flanigan et al.

Primal: choose weights over the panels found so far to maximise the level z that
every unfixed type's probability reaches, while fixed types keep their earlier level.
Dual (what HiGHS solves): one variable y_t >= 0 per type plus a free "panel value"
v; minimise v - sum(fixed level * y) subject to sum(y over unfixed) = 1 and, for
every known panel, its dual score sum(share * y) <= v. A new panel is a new row, so
the previous optimal basis stays dual feasible and dual simplex resumes cheaply.
The panel weights are the duals of those rows.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from polyvox.engines.sortition import highs
from polyvox.engines.sortition.problem import FloatArray, IntArray, Problem

# Fixed people may lose this much when later levels are solved, to keep the LP feasible
# despite floating point noise; far below any difference that matters to a person.
FIXING_SLACK = 1e-9


class MasterProblem:
    def __init__(self, problem: Problem, seed: int) -> None:
        self.problem = problem
        self.type_count = problem.type_count
        self.solver = highs.new_solver(seed)
        self.solver.setOptionValue("presolve", "off")
        self.profiles: list[IntArray] = []
        self.known: set[bytes] = set()
        self.fixed = np.full(self.type_count, np.nan)
        self._matrix: IntArray | None = None
        self._build()

    @property
    def panel_value_column(self) -> int:
        return self.type_count

    def _build(self) -> None:
        types = self.type_count
        normalisation = sparse.csr_matrix(np.concatenate([np.ones(types), [0.0]])[None, :])
        highs.pass_model(
            self.solver,
            costs=np.concatenate([np.zeros(types), [1.0]]),
            col_lower=np.concatenate([np.zeros(types), [-highs.INFINITY]]),
            col_upper=np.full(types + 1, highs.INFINITY),
            matrix=normalisation,
            row_lower=np.array([1.0]),
            row_upper=np.array([1.0]),
            integer=False,
            maximise=False,
        )

    def add_panel(self, profile: IntArray) -> bool:
        key = profile.tobytes()
        if key in self.known:
            return False
        self.known.add(key)
        self.profiles.append(profile)
        used = np.flatnonzero(profile)
        shares = profile[used] / self.problem.type_counts[used]
        columns = np.concatenate([used, [self.panel_value_column]]).astype(np.int32)
        values = np.concatenate([shares, [-1.0]])
        self.solver.addRow(-highs.INFINITY, 0.0, len(columns), columns, values)
        return True

    def prune(self, keep: int) -> None:
        """Drop panels the LP has long stopped using once there are more than `keep`.

        Column generation piles up panels; most end up with weight 0 and a score far
        below the best, yet each is a row every later solve must carry. Removing rows
        whose slack is basic keeps the basis valid, so the next solve stays warm.
        """
        excess = len(self.profiles) - keep
        if excess <= 0:
            return
        solution = self.solver.getSolution()
        activity = np.array(solution.row_value)[1:]
        weights = np.abs(np.array(solution.row_dual)[1:])
        slack = -activity  # rows read score - v <= 0
        removable = np.flatnonzero(weights <= 1e-12)
        if len(removable) == 0:
            return
        order = removable[np.argsort(-slack[removable])][: min(excess + keep // 4, len(removable))]
        drop = np.sort(self._keeping_every_type_covered(order))
        if len(drop) == 0:
            return
        self.solver.deleteRows(len(drop), (drop + 1).astype(np.int32))
        dropped = set(drop.tolist())
        for index in dropped:
            self.known.discard(self.profiles[index].tobytes())
        self.profiles = [p for i, p in enumerate(self.profiles) if i not in dropped]
        self._matrix = None

    def _keeping_every_type_covered(self, candidates: IntArray) -> IntArray:
        """Skip drops that would leave a type in no panel: its dual would be unbounded."""
        coverage = (self.panel_matrix() > 0).sum(axis=0)
        dropped = []
        for index in candidates:
            members = self.profiles[int(index)] > 0
            if np.all(coverage[members] > 1):
                coverage[members] -= 1
                dropped.append(int(index))
        return np.array(dropped, dtype=np.int64)

    def fix(self, types: IntArray, level: float) -> None:
        for type_index in types:
            self.fixed[type_index] = level
            self.solver.changeCoeff(0, int(type_index), 0.0)
            self.solver.changeColCost(int(type_index), -(level - FIXING_SLACK))

    def unfixed(self) -> IntArray:
        return np.flatnonzero(np.isnan(self.fixed))

    def solve(self) -> tuple[float, FloatArray]:
        """Solve; return the level z and the type duals y (the pricing weights)."""
        self.solver.run()
        if not highs.is_optimal(self.solver):
            status = self.solver.modelStatusToString(self.solver.getModelStatus())
            raise RuntimeError(f"master LP not solved to optimality: {status}")
        values = highs.column_values(self.solver)
        level = float(self.solver.getInfo().objective_function_value)
        return level, np.clip(values[: self.type_count], 0.0, None)

    def weights(self) -> FloatArray:
        duals = np.abs(highs.row_duals(self.solver)[1:])
        total = duals.sum()
        return duals / total if total > 0 else duals

    def type_probabilities(self) -> FloatArray:
        if not self.profiles:
            return np.zeros(self.type_count)
        shares = self.panel_matrix() / self.problem.type_counts[None, :]
        result: FloatArray = self.weights() @ shares
        return result

    def panel_matrix(self) -> IntArray:
        """Known panels as rows (cached: column generation asks every round)."""
        if self._matrix is None or len(self._matrix) != len(self.profiles):
            self._matrix = np.stack(self.profiles, axis=0)
        return self._matrix

    def scores(self, type_weights: FloatArray) -> FloatArray:
        result: FloatArray = self.panel_matrix() @ type_weights
        return result
