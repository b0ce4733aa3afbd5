"""LEGACY: the greedy the Sortition Foundation used before 2021, for comparison only.

Repeatedly take the value furthest from its minimum (shortfall over people left who
hold it), pick a random person holding it, and drop everyone that would now break a
maximum or share the person's household. Its probabilities are estimated by sampling.
"""

from __future__ import annotations

import numpy as np

from polyvox.engines.sortition.model import SortitionError
from polyvox.engines.sortition.problem import IntArray, Problem, profile_violations

MAX_ATTEMPTS_PER_SAMPLE = 100


class LegacyGreedy:
    def __init__(self, problem: Problem, households: list[int]) -> None:
        self.problem = problem
        person_types = problem.person_types()
        membership = problem.value_matrix.T.toarray().astype(bool)  # type x quota row
        self.person_values = membership[person_types]  # person x quota row
        self.households = np.array(households)

    def sample(self, rng: np.random.Generator) -> IntArray:
        for _ in range(MAX_ATTEMPTS_PER_SAMPLE):
            panel = self._attempt(rng)
            if panel is not None:
                return panel
        raise SortitionError("the legacy greedy keeps failing on these quotas; use leximin")

    def _attempt(self, rng: np.random.Generator) -> IntArray | None:
        problem = self.problem
        available = np.ones(problem.pool_size, dtype=bool)
        counts = np.zeros(len(problem.quotas), dtype=np.int64)
        chosen: list[int] = []
        for _ in range(problem.panel_size):
            holders = self.person_values[available].sum(axis=0)
            shortfall = np.maximum(problem.quota_min - counts, 0)
            if shortfall.any():
                if np.any((shortfall > 0) & (holders == 0)):
                    return None  # a minimum can no longer be met
                ratio = shortfall / np.maximum(holders, 1)
                row = int(np.argmax(ratio))
                candidates = np.flatnonzero(available & self.person_values[:, row])
            else:
                candidates = np.flatnonzero(available)
            if len(candidates) == 0:
                return None
            person = int(rng.choice(candidates))
            chosen.append(person)
            counts += self.person_values[person]
            available &= self.households != self.households[person]
            full = counts >= problem.quota_max
            available &= ~self.person_values[:, full].any(axis=1)
        profile = problem.profile_of_people(chosen)
        return np.array(sorted(chosen)) if not profile_violations(problem, profile) else None
