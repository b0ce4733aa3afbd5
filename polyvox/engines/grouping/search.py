"""Local search over pairwise swaps between tables.

The cost of a table is its deviation from the room's mix minus a bonus per distinct value,
so the search lowers imbalance and raises diversity together. Swaps keep table sizes, so
the deal's "sizes differ by at most one" holds throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from polyvox.engines.grouping.scoring import (
    FloatArray,
    IntArray,
    RoomMatrix,
    table_costs,
    table_counts,
)

# Float shares make exact ties look like tiny gains; ignore them so the search terminates.
MIN_GAIN = 1e-9
# A kick moves about one person in thirty: big enough to leave the basin, small enough to
# keep most of the work done.
PEOPLE_PER_KICK_SWAP = 30
MIN_KICK_SWAPS = 3
# Small rooms reach their best long before the budget ends; stop once kicks keep failing.
MAX_STALLED_KICKS = 100


@dataclass(frozen=True)
class SearchState:
    table_of: IntArray
    counts: FloatArray
    household_tables: IntArray
    table_cost: FloatArray


class SwapSearch:
    def __init__(
        self, room: RoomMatrix, households: IntArray, table_of: IntArray, table_count: int
    ) -> None:
        self.one_hot = room.one_hot
        self.shares = room.shares
        self.households = households
        self.table_of = table_of.copy()
        self.sizes = np.bincount(table_of, minlength=table_count).astype(np.float64)
        self.counts = table_counts(room.one_hot, table_of, table_count)
        self.household_tables = np.zeros((int(households.max()) + 1, table_count), np.int64)
        np.add.at(self.household_tables, (households, table_of), 1)
        self.table_cost = self._cost(self.counts, self.sizes)
        self.evaluations = 0

    def run(self, rng: np.random.Generator, budget: int) -> None:
        """Descend to a local optimum, then kick and descend again while the budget lasts,
        keeping the best seating seen (iterated local search).

        The budget counts best-swap evaluations, not seconds, so a seed gives one answer."""
        self._descend(rng, budget, set(range(len(self.sizes))))
        best = self._snapshot()
        stalled = 0
        while self.evaluations < budget and stalled < MAX_STALLED_KICKS:
            kicked = self._kick(rng)
            if not kicked:
                return  # nobody can move at all (one table, or households pin everyone)
            self._descend(rng, budget, kicked)
            if self.table_cost.sum() < best.table_cost.sum() - MIN_GAIN:
                best, stalled = self._snapshot(), 0
            else:
                self._restore(best)
                stalled += 1

    def _descend(self, rng: np.random.Generator, budget: int, changed: set[int]) -> None:
        """Swap until no swap gains. A swap's gain only changes when one of its two tables
        changed, and gains are symmetric, so only people at changed tables need a new look."""
        while changed and self.evaluations < budget:
            at_changed = np.isin(self.table_of, sorted(changed))
            changed = set()
            for person in rng.permutation(np.flatnonzero(at_changed)).tolist():
                if self.evaluations >= budget:
                    return
                self.evaluations += 1
                partner, gain = self._best_swap(person)
                if gain > MIN_GAIN:
                    changed |= {int(self.table_of[person]), int(self.table_of[partner])}
                    self._swap(person, partner)

    def _kick(self, rng: np.random.Generator) -> set[int]:
        """A few random allowed swaps, to leave a local optimum that no single swap improves.
        Returns the tables it changed."""
        changed: set[int] = set()
        for _ in range(max(MIN_KICK_SWAPS, len(self.table_of) // PEOPLE_PER_KICK_SWAP)):
            person = int(rng.integers(len(self.table_of)))
            self.evaluations += 1  # charged so that the budget ends even if no descent follows
            partners = np.flatnonzero(self._allowed_partners(person, int(self.table_of[person])))
            if partners.size:
                partner = int(rng.choice(partners))
                changed |= {int(self.table_of[person]), int(self.table_of[partner])}
                self._swap(person, partner)
        return changed

    def _snapshot(self) -> SearchState:
        return SearchState(
            self.table_of.copy(),
            self.counts.copy(),
            self.household_tables.copy(),
            self.table_cost.copy(),
        )

    def _restore(self, state: SearchState) -> None:
        self.table_of = state.table_of.copy()
        self.counts = state.counts.copy()
        self.household_tables = state.household_tables.copy()
        self.table_cost = state.table_cost.copy()

    def _cost(self, counts: FloatArray, sizes: FloatArray) -> FloatArray:
        return table_costs(counts, sizes, self.shares)

    def _best_swap(self, person: int) -> tuple[int, float]:
        here = int(self.table_of[person])
        candidates = np.flatnonzero(self._allowed_partners(person, here))
        if candidates.size == 0:
            return -1, 0.0
        difference = self.one_hot[candidates] - self.one_hot[person]
        there = self.table_of[candidates]
        new_here = self._cost(self.counts[here] + difference, self.sizes[[here]])
        new_there = self._cost(self.counts[there] - difference, self.sizes[there])
        gain = self.table_cost[here] + self.table_cost[there] - new_here - new_there
        best = int(np.argmax(gain))
        return int(candidates[best]), float(gain[best])

    def _allowed_partners(self, person: int, here: int) -> NDArray[np.bool_]:
        """Partners at another table, where neither would join a member of their household."""
        partner_household_here = self.household_tables[self.households, here]
        own_household_there = self.household_tables[self.households[person], self.table_of]
        allowed: NDArray[np.bool_] = (
            (self.table_of != here) & (partner_household_here == 0) & (own_household_there == 0)
        )
        return allowed

    def _swap(self, person: int, partner: int) -> None:
        here, there = int(self.table_of[person]), int(self.table_of[partner])
        difference = self.one_hot[partner] - self.one_hot[person]
        self.counts[here] += difference
        self.counts[there] -= difference
        for moved, source, target in ((person, here, there), (partner, there, here)):
            self.household_tables[self.households[moved], source] -= 1
            self.household_tables[self.households[moved], target] += 1
            self.table_of[moved] = target
        tables = [here, there]
        self.table_cost[tables] = self._cost(self.counts[tables], self.sizes[tables])
