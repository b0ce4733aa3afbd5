"""Cheap pricing: improve a valid panel by swapping one kind of person for another.

A swap keeps the panel size, so it stays valid as long as every quota row it touches
has room (a count can go up only below its max, down only above its min). Checking all
swaps at once is two small matrix products, thousands of times cheaper than a MIP, and
finds an improving panel in most column-generation rounds; the MIP is then only needed
to prove that none is left.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from polyvox.engines.sortition.pricing import panel_rows
from polyvox.engines.sortition.problem import FloatArray, IntArray, Problem

MAX_SWAPS = 10_000


class SwapSearch:
    def __init__(self, problem: Problem) -> None:
        matrix, lower, upper = panel_rows(problem)
        # Drop the panel-size row: swaps never change the size.
        keep = np.ones(matrix.shape[0], dtype=bool)
        keep[len(problem.quotas)] = False
        rows = sparse.csr_matrix(matrix)[keep]
        self.rows = rows
        self.membership = np.asarray(rows.T.todense(), dtype=np.float64)  # type x row
        self.lower = lower[keep]
        self.upper = upper[keep]
        self.capacity = problem.type_counts

    def improve(self, profile: IntArray, weights: FloatArray) -> IntArray:
        """Best-improvement swaps until none gains; returns a new valid profile."""
        profile = profile.copy()
        counts = np.asarray(self.rows @ profile).ravel()
        for _ in range(MAX_SWAPS):
            swap = self._best_swap(profile, counts, weights)
            if swap is None:
                break
            out_type, in_type = swap
            profile[out_type] -= 1
            profile[in_type] += 1
            counts += self.membership[in_type] - self.membership[out_type]
        return profile

    def _best_swap(
        self, profile: IntArray, counts: FloatArray, weights: FloatArray
    ) -> tuple[int, int] | None:
        present = np.flatnonzero(profile > 0)
        addable = np.flatnonzero(profile < self.capacity)
        if len(present) == 0 or len(addable) == 0:
            return None
        # Only pairs that gain matter: filter before the matrix products, which then
        # shrink from panel x pool types to a few rows and columns.
        addable = addable[weights[addable] > weights[present].min() + 1e-12]
        if len(addable) == 0:
            return None
        present = present[weights[present] < weights[addable].max() - 1e-12]
        gains = weights[addable][None, :] - weights[present][:, None]
        candidates = gains > 1e-12
        full = (counts >= self.upper).astype(np.float64)
        empty = (counts <= self.lower).astype(np.float64)
        out_rows = self.membership[present]
        in_rows = self.membership[addable]
        # Rows the incoming type raises but the outgoing does not: must not be full.
        blocked = (1.0 - out_rows) @ (in_rows * full).T
        # Rows the outgoing type lowers but the incoming does not: must not be at min.
        blocked += (out_rows * empty) @ (1.0 - in_rows).T
        gains = np.where(candidates & (blocked < 0.5), gains, -np.inf)
        best = int(np.argmax(gains))
        row, col = divmod(best, gains.shape[1])
        if not np.isfinite(gains[row, col]):
            return None
        return int(present[row]), int(addable[col])
