"""LEXIMIN from the outside in: solve it over the quota polytope, then prove it with panels.

Over types, a distribution over panels is summed up by its expected count x_t of each
type, and the achievable x form the convex hull H of the valid panels (integer
profiles). The quota rows with 0 <= x <= type size describe a polytope Q that contains
H and is nearly always tight where LEXIMIN lands: its constraint matrix is a network
matrix for two categories, and quotas widened around population shares leave the
integer corners close by. LEXIMIN over Q is a handful of LPs with one column per type.

Its point x* is LEXIMIN-optimal over H as soon as it lies in H, because H is inside Q.
Membership is proved by a decomposition: a column-generation LP finds panels whose
mix reaches x* (`PanelMix`). When no mix exists, the LP's dual is a hyperplane that
separates x* from every valid panel; that is a valid inequality for H, so it is added
to Q and LEXIMIN is solved again. Either way the answer stays exact.

This replaces level-by-level column generation (one long pricing loop per level) by
one decomposition, and the rounds that remain price against a fixed target rather
than a moving level, which converges in far fewer MIPs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from polyvox.engines.sortition import highs
from polyvox.engines.sortition.local_search import SwapSearch
from polyvox.engines.sortition.model import ProgressCallback
from polyvox.engines.sortition.peeling import Peeler
from polyvox.engines.sortition.pricing import PanelOracle, PricedPanels, panel_rows
from polyvox.engines.sortition.problem import FloatArray, IntArray, Problem

# Fixed types may lose this much (probability) in later levels, against LP noise.
FIXING_SLACK = 1e-9
# Row duals below this are noise, not a sign that a type is stuck at the level.
DUAL_TOLERANCE = 1e-9
# The mix reaches x* once its total shortfall, summed over all types in probability
# units, is below this: no person is then more than a millionth below their level.
MIX_TOLERANCE = 1e-6
# A panel enters the mix LP only if it improves the objective by more than this.
PRICING_TOLERANCE = 1e-9
SMOOTHING = 0.5
# Extra panels derived from each priced one, each without one of its kinds of people.
VARIANTS = 40
# Separating hyperplanes added before falling back to level-by-level column generation.
MAX_CUTS = 30


@dataclass(frozen=True)
class Separation:
    """weights . x <= bound for every valid panel; the target exceeds it by violation."""

    weights: FloatArray
    bound: float
    violation: float


@dataclass
class RelaxationResult:
    profiles: list[IntArray]
    weights: FloatArray
    levels: int
    cuts: int
    pricing_calls: int
    lp_solves: int


class QuotaPolytope:
    """LEXIMIN (or MAXIMIN) over Q: quota rows, type sizes, and the cuts found so far.

    Columns are the expected type counts x_t and the level z. Each type has a row
    x_t - size_t * z >= 0 while it is free; fixing a type at level l turns it into
    x_t >= (l - slack) * size_t.
    """

    def __init__(self, problem: Problem, seed: int) -> None:
        self.problem = problem
        self.sizes = problem.type_counts.astype(np.float64)
        matrix, lower, upper = panel_rows(problem)
        self.base_rows = int(matrix.shape[0])
        types = problem.type_count
        level_rows = sparse.hstack(
            [sparse.identity(types, format="csr"), sparse.csr_matrix(-self.sizes[:, None])]
        )
        quota_rows = sparse.hstack([matrix, sparse.csr_matrix((self.base_rows, 1))])
        self.solver = highs.new_solver(seed)
        highs.pass_model(
            self.solver,
            costs=np.concatenate([np.zeros(types), [1.0]]),
            col_lower=np.zeros(types + 1),
            col_upper=np.concatenate([self.sizes, [1.0]]),
            matrix=sparse.vstack([quota_rows, level_rows], format="csr"),
            row_lower=np.concatenate([lower, np.zeros(types)]),
            row_upper=np.concatenate([upper, np.full(types, highs.INFINITY)]),
            integer=False,
            maximise=True,
        )
        self.lp_solves = 0

    def _level_row(self, type_index: int) -> int:
        return self.base_rows + type_index

    def add_cut(self, weights: FloatArray, bound: float) -> None:
        """weights . x <= bound holds for every valid panel, hence for every mix."""
        used = np.flatnonzero(weights > 0).astype(np.int32)
        self.solver.addRow(-highs.INFINITY, bound, len(used), used, weights[used])

    def leximin(
        self, leximin: bool, on_level: ProgressCallback | None
    ) -> tuple[FloatArray, FloatArray, int]:
        """Each type's LEXIMIN level over Q (MAXIMIN: everyone at the first level),
        the point of Q that reaches them, and the number of LPs solved."""
        types = self.problem.type_count
        self._free_all()
        levels = np.full(types, np.nan)
        count = 0
        while np.isnan(levels).any():
            level, duals = self._solve()
            count += 1
            free = np.flatnonzero(np.isnan(levels))
            tight = free[duals[free] > DUAL_TOLERANCE]
            if not leximin:
                tight = free
            elif len(tight) == 0:
                tight = free[np.argsort(duals[free])[-1:]]
            levels[tight] = level
            self._fix(tight, level)
            if on_level is not None:
                on_level(1.0 - float(np.isnan(levels).mean()), f"level {count}: {level:.6f}")
        point = np.clip(highs.column_values(self.solver)[:types], 0.0, self.sizes)
        return levels, point, count

    def _free_all(self) -> None:
        for type_index in range(self.problem.type_count):
            row = self._level_row(type_index)
            self.solver.changeCoeff(row, self.problem.type_count, -float(self.sizes[type_index]))
            self.solver.changeRowBounds(row, 0.0, highs.INFINITY)

    def _fix(self, types: IntArray, level: float) -> None:
        for type_index in types:
            row = self._level_row(int(type_index))
            self.solver.changeCoeff(row, self.problem.type_count, 0.0)
            floor = max(0.0, (level - FIXING_SLACK) * float(self.sizes[type_index]))
            self.solver.changeRowBounds(row, floor, highs.INFINITY)

    def _solve(self) -> tuple[float, FloatArray]:
        highs.solve_lp(self.solver, "quota polytope LP")
        self.lp_solves += 1
        level = float(highs.column_values(self.solver)[self.problem.type_count])
        duals = np.abs(highs.row_duals(self.solver)[self.base_rows :][: self.problem.type_count])
        return level, duals


class PanelMix:
    """Column generation for a mix of valid panels whose type counts reach a target.

    min sum_t shortfall_t / size_t  s.t.  sum_j w_j panel_j + shortfall >= target,
    sum_j w_j = 1, w, shortfall >= 0. Zero means the target is a mix of panels.
    """

    def __init__(self, problem: Problem, seed: int) -> None:
        self.problem = problem
        self.types = problem.type_count
        self.solver = highs.new_solver(seed)
        self.solver.setOptionValue("presolve", "off")
        # New panels are new columns: the last basis stays primal feasible.
        self.solver.setOptionValue("simplex_strategy", 4)
        sizes = problem.type_counts.astype(np.float64)
        convexity = sparse.csr_matrix((1, self.types))
        highs.pass_model(
            self.solver,
            costs=1.0 / sizes,
            col_lower=np.zeros(self.types),
            col_upper=np.full(self.types, highs.INFINITY),
            matrix=sparse.vstack([sparse.identity(self.types, format="csr"), convexity]),
            row_lower=np.concatenate([np.zeros(self.types), [1.0]]),
            row_upper=np.concatenate([np.full(self.types, highs.INFINITY), [1.0]]),
            integer=False,
            maximise=False,
        )
        self.profiles: list[IntArray] = []
        self.known: set[bytes] = set()
        self._matrix: IntArray | None = None
        self.lp_solves = 0

    def set_target(self, target: FloatArray) -> None:
        # The convexity row keeps its bounds [1, 1].
        highs.set_row_bounds(
            self.solver,
            np.concatenate([target, [1.0]]),
            np.concatenate([np.full(self.types, highs.INFINITY), [1.0]]),
        )

    def add_panel(self, profile: IntArray) -> bool:
        key = profile.tobytes()
        if key in self.known:
            return False
        self.known.add(key)
        self.profiles.append(profile)
        used = np.flatnonzero(profile)
        rows = np.concatenate([used, [self.types]]).astype(np.int32)
        values = np.concatenate([profile[used].astype(np.float64), [1.0]])
        self.solver.addCol(0.0, 0.0, highs.INFINITY, len(rows), rows, values)
        return True

    def solve(self) -> tuple[float, FloatArray, float]:
        """Shortfall, the type duals (pricing weights) and the convexity dual."""
        highs.solve_lp(self.solver, "panel mix LP")
        self.lp_solves += 1
        duals = highs.row_duals(self.solver)
        objective = float(self.solver.getInfo().objective_function_value)
        return objective, np.clip(duals[: self.types], 0.0, None), float(duals[self.types])

    def weights(self) -> FloatArray:
        values = highs.column_values(self.solver)[self.types :]
        clipped = np.clip(values, 0.0, None)
        result: FloatArray = clipped / clipped.sum()
        return result

    def panel_matrix(self) -> IntArray:
        if self._matrix is None or len(self._matrix) != len(self.profiles):
            self._matrix = np.stack(self.profiles, axis=0)
        return self._matrix


class OutsideIn:
    """LEXIMIN over Q, a panel mix that proves it, and cuts whenever no mix exists."""

    def __init__(self, problem: Problem, seed: int, on_progress: ProgressCallback | None) -> None:
        self.problem = problem
        self.polytope = QuotaPolytope(problem, seed)
        self.mix = PanelMix(problem, seed)
        self.oracle = PanelOracle(problem, seed)
        self.swaps = SwapSearch(problem)
        self.peeler = Peeler(problem, seed)
        self.rng = np.random.default_rng(seed)
        self.on_progress = on_progress
        self.levels = 0

    def run(self, first: IntArray, leximin: bool) -> RelaxationResult | None:
        """None when the cut budget runs out (the caller then uses column generation).

        `first` is any valid panel: with it the mix LP always has a solution.
        """
        self.mix.add_panel(first)
        for cuts in range(MAX_CUTS + 1):
            levels, point, count = self.polytope.leximin(leximin, self._level_progress)
            self.levels += count
            # The levels themselves, not less by the fixing slack: panel weights then come
            # out as the exact fractions a public lottery rounds cleanly.
            target = np.clip(levels * self.problem.type_counts, 0.0, None)
            for panel in self.peeler.peel(point, self._peel_progress):
                self.mix.add_panel(panel)
            separation = self._decompose(target)
            if separation is None:
                return RelaxationResult(
                    profiles=list(self.mix.profiles),
                    weights=self.mix.weights(),
                    levels=self.levels,
                    cuts=cuts,
                    pricing_calls=self.oracle.calls,
                    lp_solves=self.polytope.lp_solves + self.mix.lp_solves,
                )
            self.polytope.add_cut(*separation)
        return None

    def _decompose(self, target: FloatArray) -> tuple[FloatArray, float] | None:
        """None once a mix reaches the target; else a cut (weights, bound) separating it.

        Pricing happens at a smoothed dual (Wentges): a mix of the dual with the best
        Lagrangian bound so far and the current one, which damps the zig-zag of the
        degenerate mix LP. Any dual in the box [0, 1/size] gives the Lagrangian bound
        dual . target - max over panels of dual . panel <= least shortfall; once that
        is positive the target is outside the hull and the dual separates it.
        """
        self.mix.set_target(target)
        started: float | None = None
        centre: FloatArray | None = None
        best = Separation(np.zeros(self.problem.type_count), np.inf, -np.inf)
        while True:
            shortfall, duals, convexity = self.mix.solve()
            if shortfall <= MIX_TOLERANCE:
                return None
            started = started or shortfall
            self._report_mix(shortfall, started)
            smoothed = duals if centre is None else SMOOTHING * centre + (1 - SMOOTHING) * duals
            for attempt in (smoothed, duals):
                priced = self._price(attempt)
                bound = float(attempt @ target) - priced.upper_bound
                if bound > best.violation:
                    best = Separation(attempt, priced.upper_bound, bound)
                    centre = attempt
                if best.violation > MIX_TOLERANCE:
                    return best.weights, best.bound
                found = [*priced.profiles, *self._variants(priced.profiles[0], duals)]
                improving = [p for p in found if float(p @ duals) + convexity > PRICING_TOLERANCE]
                added = [self.mix.add_panel(p) for p in improving]  # every one, no short cut
                if any(added):
                    break
            else:
                # Exact pricing at the current dual finds nothing new: the LP is optimal
                # over every panel, so its shortfall is the least possible.
                return duals, priced.upper_bound

    def _price(self, weights: FloatArray) -> PricedPanels:
        priced = self.oracle.best_panels(weights)
        if priced is None:
            raise RuntimeError("no valid panel, though the quotas were feasible")
        return priced

    def _variants(self, profile: IntArray, duals: FloatArray) -> list[IntArray]:
        """Near-best panels that leave out one kind of person of the best one."""
        present = np.flatnonzero(profile)
        chosen = self.rng.choice(present, size=min(VARIANTS, len(present)), replace=False)
        variants = []
        for excluded in chosen:
            penalised = duals.copy()
            penalised[excluded] = -1.0  # swap search removes it first
            variants.append(self.swaps.improve(profile, penalised))
        return variants

    def _report_mix(self, shortfall: float, start: float) -> None:
        if self.on_progress is not None:
            done = 1.0 - np.log(shortfall / MIX_TOLERANCE) / np.log(start / MIX_TOLERANCE)
            self.on_progress(
                0.9 + 0.1 * float(np.clip(done, 0.0, 1.0)),
                f"{len(self.mix.profiles)} panels, shortfall {shortfall:.2e}",
            )

    def _level_progress(self, fraction: float, message: str) -> None:
        if self.on_progress is not None:
            self.on_progress(0.1 * fraction, message)

    def _peel_progress(self, fraction: float, message: str) -> None:
        if self.on_progress is not None:
            self.on_progress(0.1 + 0.8 * fraction, message)
