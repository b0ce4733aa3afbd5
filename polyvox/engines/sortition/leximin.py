"""LEXIMIN and MAXIMIN by column generation (Flanigan et al., Nature 2021)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from polyvox.engines.sortition.local_search import SwapSearch
from polyvox.engines.sortition.master import MasterProblem
from polyvox.engines.sortition.model import ProgressCallback
from polyvox.engines.sortition.pricing import PanelOracle
from polyvox.engines.sortition.problem import FloatArray, IntArray, Problem

# A level is optimal once no panel can raise it by more than this (probability units).
CONVERGENCE_TOLERANCE = 1e-7
# Duals below this are noise, not a sign that a type is stuck at the level.
DUAL_TOLERANCE = 1e-9
# Known panels that seed the swap search each round.
SEARCH_STARTS = 10
SMOOTHING = 0.5
# The master LP keeps at most this many panels per type (but at least the minimum).
PANELS_KEPT_PER_TYPE = 4
MIN_PANELS_KEPT = 500
# Extra panels derived from each priced one (see _variants).
VARIANTS = 40


@dataclass
class ColumnGenerationResult:
    profiles: list[IntArray]
    weights: FloatArray
    type_probabilities: FloatArray
    levels: int
    pricing_calls: int
    lp_solves: int


class ColumnGeneration:
    def __init__(self, problem: Problem, seed: int, on_progress: ProgressCallback | None) -> None:
        self.problem = problem
        self.master = MasterProblem(problem, seed)
        self.oracle = PanelOracle(problem, seed)
        self.swaps = SwapSearch(problem)
        self.rng = np.random.default_rng(seed)
        self.on_progress = on_progress
        self.lp_solves = 0
        self.levels = 0

    def seed_panels(self, first: IntArray) -> None:
        """Start from panels that together include every type that can be selected.

        Without that the master LP sits at level 0 for many rounds while pricing
        discovers the uncovered types one by one.
        """
        self.master.add_panel(first)
        covered = first > 0
        stalled = 0
        while not covered.all() and stalled < 3:
            weights = (~covered).astype(np.float64) + 1e-3 * self.rng.random(len(covered))
            start = self.master.profiles[int(self.rng.integers(len(self.master.profiles)))]
            profile = self.swaps.improve(start, weights)
            newly = (profile > 0) & ~covered
            if newly.any() and self.master.add_panel(profile):
                covered |= profile > 0
                stalled = 0
                continue
            stalled += 1
            priced = self.oracle.best_panel(weights)
            if priced is not None and self.master.add_panel(priced.profile):
                covered |= priced.profile > 0

    def solve_level(self) -> tuple[float, FloatArray]:
        """Add panels until no valid panel improves the current level.

        Pricing happens first at a smoothed dual (Wentges): a mix of the dual with the
        best Lagrangian bound so far and the current one, which damps the zig-zag of
        degenerate master LPs. When that finds nothing useful for the current dual,
        the current dual is priced exactly; nothing there means the level is optimal.
        """
        centre: FloatArray | None = None
        best_bound = np.inf
        while True:
            level, duals = self.master.solve()
            self.lp_solves += 1
            if best_bound - level <= CONVERGENCE_TOLERANCE:
                return level, duals
            current = float(self.master.scores(duals / self.problem.type_counts).max())
            smoothed = duals if centre is None else SMOOTHING * centre + (1 - SMOOTHING) * duals
            for attempt in (smoothed, duals):
                weights = attempt / self.problem.type_counts
                priced = self.oracle.best_panels(weights)
                if priced is None:
                    return level, duals
                bound = priced.upper_bound + self._fixed_offset(attempt)
                if bound < best_bound:
                    best_bound, centre = bound, attempt
                found = [*priced.profiles, *self._variants(priced.profiles[0], duals)]
                if self._add_improving(found, duals, current):
                    break
            else:
                return level, duals

    def _variants(self, profile: IntArray, duals: FloatArray) -> list[IntArray]:
        """Near-best panels that leave out one kind of person of the best one.

        The optimal distribution mixes many panels; offering several good ones per
        round cuts the number of rounds, each of which costs an exact MIP.
        """
        weights = duals / self.problem.type_counts
        present = np.flatnonzero(profile)
        chosen = self.rng.choice(present, size=min(VARIANTS, len(present)), replace=False)
        variants = []
        for excluded in chosen:
            penalised = weights.copy()
            penalised[excluded] = -1.0  # swap search removes it first
            variants.append(self.swaps.improve(profile, penalised))
        return variants

    def _fixed_offset(self, duals: FloatArray) -> float:
        fixed = ~np.isnan(self.master.fixed)
        return -float(self.master.fixed[fixed] @ duals[fixed])

    def _add_improving(self, profiles: list[IntArray], duals: FloatArray, current: float) -> bool:
        weights = duals / self.problem.type_counts
        improving = [p for p in profiles if float(p @ weights) > current + CONVERGENCE_TOLERANCE]
        if not improving:
            return False
        # Prune while the LP solution still matches the rows, i.e. before adding any.
        self.master.prune(max(PANELS_KEPT_PER_TYPE * self.problem.type_count, MIN_PANELS_KEPT))
        added = [self.master.add_panel(profile) for profile in improving]
        return any(added)

    def run(self, leximin: bool) -> ColumnGenerationResult:
        total = self.problem.type_count
        while True:
            level, duals = self.solve_level()
            self.levels += 1
            # The master's optimal panel weights; read before fixing changes the LP.
            weights = self.master.weights()
            unfixed = self.master.unfixed()
            tight = unfixed[duals[unfixed] > DUAL_TOLERANCE]
            if len(tight) == 0:
                tight = unfixed[np.argsort(duals[unfixed])[-1:]]
            self.master.fix(tight, level)
            remaining = len(self.master.unfixed())
            self._report(1.0 - remaining / total, f"level {self.levels}: {level:.6f}")
            if not leximin or remaining == 0:
                break
        profiles = list(self.master.profiles)
        shares = np.stack(profiles, axis=1) / self.problem.type_counts[:, None]
        return ColumnGenerationResult(
            profiles=profiles,
            weights=weights,
            type_probabilities=shares @ weights,
            levels=self.levels,
            pricing_calls=self.oracle.calls,
            lp_solves=self.lp_solves,
        )

    def _report(self, fraction: float, message: str) -> None:
        if self.on_progress is not None:
            self.on_progress(fraction, message)
