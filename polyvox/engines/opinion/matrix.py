"""The participant-by-statement vote matrix, kept sparse: only cast votes are stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from polyvox.engines.opinion.model import AGREE, DISAGREE, IntArray, Votes

MIN_VOTES_TO_GROUP = 7
MIN_GROUPED_PARTICIPANTS = 15
# Up to this many cells per vote, re-votes are resolved in a table over all cells.
DENSE_CELL_FACTOR = 16


@dataclass(frozen=True)
class VoteMatrix:
    """Last vote per participant and statement.

    Rows and columns follow the order in which participants and statements first
    received a vote, as Polis's own matrix does; k-means initialisation depends on it.
    """

    participant_ids: npt.NDArray[Any]
    statement_ids: npt.NDArray[Any]
    rows: IntArray
    cols: IntArray
    values: npt.NDArray[np.int8]
    # Per participant: met Polis's vote threshold at some moment of the vote history (see
    # qualified_in_history); without it, only the final counts are known.
    qualified_in_history: npt.NDArray[np.bool_] | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participant_ids), len(self.statement_ids)

    def votes_per_participant(self) -> IntArray:
        return np.bincount(self.rows, minlength=self.shape[0]).astype(np.int64)


def check_vote_values(values: npt.NDArray[Any]) -> None:
    if values.dtype.kind in "iu":
        # Integers: a range check is all it takes (and much cheaper than isin).
        bad = (values < DISAGREE) | (values > AGREE)
    else:
        bad = ~np.isin(values, (AGREE, DISAGREE, 0))
    if bad.any():
        index = int(np.argmax(bad))
        raise ValueError(f"vote {index}: value {values[index]!r} is not -1, 0 or 1")


def _first_appearance_codes(ids: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], IntArray]:
    """Distinct ids in order of first appearance, and each entry's index into them."""
    if _dense_integer_ids(ids):
        return _first_appearance_codes_dense(ids)
    uniques, first_index, inverse = np.unique(ids, return_index=True, return_inverse=True)
    order = np.argsort(first_index, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return uniques[order], rank[inverse.ravel()]


def _dense_integer_ids(ids: npt.NDArray[Any]) -> bool:
    return (
        ids.dtype.kind in "iu"
        and len(ids) > 0
        and int(ids.min()) >= 0
        and int(ids.max()) < 4 * len(ids) + 1024
    )


def _first_appearance_codes_dense(ids: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], IntArray]:
    # Small non-negative integer ids (the usual case) index a table instead of being sorted.
    first = np.full(int(ids.max()) + 1, len(ids), dtype=np.int64)
    np.minimum.at(first, ids, np.arange(len(ids), dtype=np.int64))
    present = np.flatnonzero(first < len(ids))
    ordered = present[np.argsort(first[present], kind="stable")]
    rank = np.empty(len(first), dtype=np.int64)
    rank[ordered] = np.arange(len(ordered))
    return ordered.astype(ids.dtype), rank[ids]


def _last_per_cell(rows: IntArray, cols: IntArray, n_cols: int) -> IntArray:
    """Positions of the last event in each cell, in row-major cell order."""
    n_events = len(rows)
    cell = rows * max(n_cols, 1) + cols
    if n_events == 0:
        return np.zeros(0, dtype=np.int64)
    n_cells = int(cell.max()) + 1
    if n_cells <= DENSE_CELL_FACTOR * n_events:
        # A table over all cells keeps each cell's latest event, already in row-major
        # order: no sort at all.
        table = np.full(n_cells, -1, dtype=np.int64)
        np.maximum.at(table, cell, np.arange(n_events, dtype=np.int64))
        dense: IntArray = table[table >= 0]
        return dense
    if float(n_cells) * n_events < 2.0**62:
        # Sorting cell * n_events + position orders by cell, then by time, with a plain
        # (fast, unstable) sort: the keys are all distinct.
        keys = np.sort(cell * n_events + np.arange(n_events))
        cells, positions = keys // n_events, keys % n_events
    else:
        positions = np.argsort(cell, kind="stable")
        cells = cell[positions]
    is_last = np.ones(n_events, dtype=bool)
    is_last[:-1] = cells[1:] != cells[:-1]
    last: IntArray = positions[is_last]
    return last


def build_vote_matrix(votes: Votes) -> VoteMatrix:
    check_vote_values(votes.values)
    stamps = votes.timestamps
    if stamps is None or bool(np.all(stamps[1:] >= stamps[:-1])):
        # Already in time order (the usual export): no reordering copies.
        participant_ids, rows = _first_appearance_codes(votes.participant_ids)
        statement_ids, cols = _first_appearance_codes(votes.statement_ids)
        values = votes.values
    else:
        chronological = np.argsort(stamps, kind="stable")
        participant_ids, rows = _first_appearance_codes(votes.participant_ids[chronological])
        statement_ids, cols = _first_appearance_codes(votes.statement_ids[chronological])
        values = votes.values[chronological]
    # Re-votes: the last event per cell wins.
    keep = _last_per_cell(rows, cols, len(statement_ids))
    return VoteMatrix(
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        rows=rows[keep],
        cols=cols[keep],
        values=values[keep].astype(np.int8),
        qualified_in_history=qualified_early(rows, cols, len(participant_ids)),
    )


def qualified_early(rows: IntArray, cols: IntArray, n_participants: int) -> npt.NDArray[np.bool_]:
    """Who met Polis's in-conversation threshold early in the vote history.

    Polis re-applies its rule (votes >= min(7, statements voted on so far)) at every
    update and never drops anyone, so a participant who voted on 2 of the 2 statements
    that existed early on stays grouped. Replayed per vote event (the finest grain Polis
    could have updated at): rows/cols are chronological events coded in order of first
    appearance, and a cell counts from its first vote (a re-vote adds nothing).

    Whoever reached 7 votes meets the final rule anyway, so only the events before the
    7th statement's first vote can add anyone: the replay looks at that prefix alone.
    """
    later = np.flatnonzero(cols >= MIN_VOTES_TO_GROUP - 1)
    end = int(later[0]) if len(later) else len(cols)
    early_rows, early_cols = rows[:end], cols[:end]
    qualified = np.zeros(n_participants, dtype=bool)
    if end == 0:
        return qualified
    # Statements voted on so far (column codes follow first appearance): at most 6 here.
    statements_so_far = np.maximum.accumulate(early_cols) + 1
    _, first = np.unique(early_rows * MIN_VOTES_TO_GROUP + early_cols, return_index=True)
    first.sort()
    # Each participant's running count of cells, in time order.
    by_participant = np.argsort(early_rows[first], kind="stable")
    sorted_rows = early_rows[first][by_participant]
    running = np.empty(len(first), dtype=np.int64)
    running[by_participant] = (
        np.arange(len(first)) - np.searchsorted(sorted_rows, sorted_rows, side="left") + 1
    )
    qualified[early_rows[first][running >= statements_so_far[first]]] = True
    return qualified


def column_mask(statement_ids: npt.NDArray[Any], chosen: Iterable[Any]) -> npt.NDArray[np.bool_]:
    chosen_set = set(chosen)
    return np.fromiter((s in chosen_set for s in statement_ids.tolist()), bool, len(statement_ids))


def select_in_conversation(
    matrix: VoteMatrix, previously_in: Iterable[Any]
) -> npt.NDArray[np.bool_]:
    """Who is clustered, by Polis's rule replayed over the vote history.

    Polis keeps everyone who ever had min(7, n statements) votes and, while fewer than 15
    are in, tops up with the most active: replayed vote by vote, the first 15 participants
    to vote are all in. Once in, always in (previously_in).
    """
    counts = matrix.votes_per_participant()
    n_statements = matrix.shape[1]
    chosen = counts >= min(MIN_VOTES_TO_GROUP, n_statements)
    if matrix.qualified_in_history is not None:
        chosen |= matrix.qualified_in_history
        # Rows follow first appearance: the first 15 voters were in while there were <= 15.
        chosen[:MIN_GROUPED_PARTICIPANTS] = True
    chosen |= column_mask(matrix.participant_ids, previously_in)
    missing = MIN_GROUPED_PARTICIPANTS - int(chosen.sum())
    if missing > 0:
        # Most active first; a stable sort keeps earlier voters first among equals.
        candidates = np.flatnonzero(~chosen)
        by_activity = candidates[np.argsort(-counts[candidates], kind="stable")]
        chosen[by_activity[:missing]] = True
    return chosen
