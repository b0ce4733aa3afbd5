"""Category counts per table as matrices, and the two quality metrics.

A room is encoded once as a one-hot matrix (people x values of every balanced category),
so a table's counts are a row sum and a swap changes two rows by the same difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from polyvox.engines.grouping.model import Person, Seating

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class RoomMatrix:
    one_hot: FloatArray  # people x values, one 1 per category per person
    shares: FloatArray  # each value's share of the room within its category

    @property
    def size(self) -> int:
        return int(self.one_hot.shape[0])


def room_matrix(people: Sequence[Person], balance: Sequence[str]) -> RoomMatrix:
    columns: list[FloatArray] = []
    for category in balance:
        values = [person.value(category) for person in people]
        distinct = sorted(set(values))
        index = {value: position for position, value in enumerate(distinct)}
        block = np.zeros((len(people), len(distinct)))
        block[np.arange(len(people)), [index[value] for value in values]] = 1.0
        columns.append(block)
    one_hot = np.hstack(columns) if columns else np.zeros((len(people), 0))
    shares = one_hot.mean(axis=0) if len(people) else np.zeros(one_hot.shape[1])
    return RoomMatrix(one_hot=one_hot, shares=shares)


def table_counts(one_hot: FloatArray, table_of: IntArray, table_count: int) -> FloatArray:
    # One bincount over (table, value) pairs: much faster than np.add.at or an indicator
    # product, which matters when benchmarks score a thousand random seatings.
    people, values = np.nonzero(one_hot)
    width = one_hot.shape[1]
    flat = np.bincount(table_of[people] * width + values, minlength=table_count * width)
    counts: FloatArray = flat.reshape(table_count, width).astype(np.float64)
    return counts


def table_deviations(counts: FloatArray, sizes: FloatArray, shares: FloatArray) -> FloatArray:
    """Per table: summed |count - the count the room's shares would give a table this size|."""
    expected = sizes[..., None] * shares
    deviations: FloatArray = np.abs(counts - expected).sum(axis=-1)
    return deviations


def table_diversities(counts: FloatArray) -> FloatArray:
    distinct: FloatArray = (counts > 0).sum(axis=-1).astype(np.float64)
    return distinct


# Half a unit of deviation per distinct value: enough to prefer spreading rare values when
# deviations tie, not so much that it buys diversity with a large imbalance.
DIVERSITY_WEIGHT = 0.5


def table_costs(counts: FloatArray, sizes: FloatArray, shares: FloatArray) -> FloatArray:
    """What the search minimises per table: imbalance and (a little) lack of diversity."""
    deviation = table_deviations(counts, sizes, shares)
    costs: FloatArray = deviation - DIVERSITY_WEIGHT * table_diversities(counts)
    return costs


def diversity(seating: Seating) -> int:
    """Distinct values per table, summed over tables and balanced categories (higher is better)."""
    counts = _seating_counts(seating)
    return int(table_diversities(counts).sum())


def imbalance(seating: Seating) -> float:
    """Summed absolute deviation of every table's counts from the room's shares (lower is better).

    The room is everyone in the seating. Language tables are mixed on their own language's
    shares, so for them this figure also counts how the languages' mixes differ."""
    room = room_matrix(seating.people, seating.balance)
    counts = _seating_counts(seating, room)
    sizes = np.array(seating.sizes, dtype=np.float64)
    return float(table_deviations(counts, sizes, room.shares).sum())


def _seating_counts(seating: Seating, room: RoomMatrix | None = None) -> FloatArray:
    room = room or room_matrix(seating.people, seating.balance)
    table_of = np.repeat(np.arange(len(seating.tables)), seating.sizes)
    return table_counts(room.one_hot, table_of, len(seating.tables))
