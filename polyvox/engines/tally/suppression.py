"""Small-cell suppression for two-way tables published with their row and column totals.

Primary suppression hides every cell under the threshold (10). Complementary
suppression then hides more cells until no hidden cell can be worked out from the
visible cells and the totals, not even using that counts are never negative.

The test is exact and cheap. Moving counts around a cycle of hidden cells
(+1, -1, +1, -1, ... alternating between rows and columns) keeps every total, so a
hidden cell can take another value iff it lies on such a cycle whose -1 cells are all
at least 1. Seen as a directed graph on rows and columns, where every hidden cell
gives an edge row -> column (its +1 step) and, if its count is at least 1, an edge
column -> row (its -1 step), a cell (r, c) is protected iff the other hidden cells
lead from c back to r, or (its count being at least 1) from r to c.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import product

import numpy as np
import numpy.typing as npt

from .answers import IntArray

BoolArray = npt.NDArray[np.bool_]
SMALL_CELL_THRESHOLD = 10


@dataclass(frozen=True)
class Suppression:
    hidden: BoolArray  # same shape as the table
    withheld: bool  # True when no pattern protects every small cell: show totals only


def suppress_small_cells(table: IntArray, *, threshold: int = SMALL_CELL_THRESHOLD) -> Suppression:
    """Which cells to hide so that no count under `threshold` can be seen or derived.

    Cells in a row or column whose total is 0 stay visible: the total already says
    they are 0. Complementary cells are chosen greedily, each time closing a
    four-cell cycle that hides the least extra count (cheap, not always optimal).
    """
    table = np.asarray(table, np.int64)
    known_from_totals = (table.sum(axis=1) == 0)[:, None] | (table.sum(axis=0) == 0)[None, :]
    hidden = (table < threshold) & ~known_from_totals
    while (cell := _first_exposed_cell(table, hidden)) is not None:
        completion = _cheapest_cycle_completion(table, hidden, cell)
        if completion is None:
            return Suppression(hidden=~known_from_totals, withheld=True)
        for row, column in completion:
            hidden[row, column] = True
    return Suppression(hidden=hidden, withheld=False)


def exposed_cells(table: IntArray, hidden: BoolArray) -> list[tuple[int, int]]:
    """Hidden cells that the totals and visible cells pin down to a single value."""
    cells = zip(*np.nonzero(hidden), strict=True)
    return [(int(r), int(c)) for r, c in cells if not _is_protected(table, hidden, int(r), int(c))]


def _first_exposed_cell(table: IntArray, hidden: BoolArray) -> tuple[int, int] | None:
    for row, column in zip(*np.nonzero(hidden), strict=True):
        if not _is_protected(table, hidden, int(row), int(column)):
            return int(row), int(column)
    return None


def _is_protected(table: IntArray, hidden: BoolArray, row: int, column: int) -> bool:
    others = hidden.copy()
    others[row, column] = False
    # Nodes 0..rows-1 are rows, rows.. are columns.
    row_count = table.shape[0]
    if _reaches(table, others, row_count + column, row):
        return True
    return bool(table[row, column] >= 1) and _reaches(table, others, row, row_count + column)


def _reaches(table: IntArray, hidden: BoolArray, start: int, goal: int) -> bool:
    row_count = table.shape[0]
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        if node < row_count:  # row -> column: the +1 step, always possible
            steps = [row_count + int(c) for c in np.flatnonzero(hidden[node])]
        else:  # column -> row: the -1 step, only from a count of at least 1
            column = node - row_count
            steps = [int(r) for r in np.flatnonzero(hidden[:, column] & (table[:, column] >= 1))]
        for step in steps:
            if step not in seen:
                seen.add(step)
                queue.append(step)
    return False


def _cheapest_cycle_completion(
    table: IntArray, hidden: BoolArray, cell: tuple[int, int]
) -> list[tuple[int, int]] | None:
    """The new cells that close a cheapest movable four-cell cycle through `cell`."""
    row, column = cell
    best: tuple[tuple[int, int, int], list[tuple[int, int]]] | None = None
    for other_row, other_column in product(range(table.shape[0]), range(table.shape[1])):
        if other_row == row or other_column == column:
            continue
        corners = [(row, other_column), (other_row, column), (other_row, other_column)]
        new = [corner for corner in corners if not hidden[corner]]
        if not new:
            continue
        # Prefer cycles that can actually move, then the least extra count hidden.
        cost = (
            0 if _cycle_moves(table, cell, other_row, other_column) else 1,
            sum(int(table[corner]) for corner in new),
            len(new),
        )
        if best is None or cost < best[0]:
            best = (cost, new)
    return None if best is None else best[1]


def _cycle_moves(table: IntArray, cell: tuple[int, int], other_row: int, other_column: int) -> bool:
    row, column = cell
    up = table[row, other_column] >= 1 and table[other_row, column] >= 1
    down = table[row, column] >= 1 and table[other_row, other_column] >= 1
    return bool(up or down)
