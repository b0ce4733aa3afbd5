"""Ticket counts by integer program: the rounding of Flanigan, Kehne and Procaccia,
"Fair Sortition Made Transparent" (NeurIPS 2021).

Panel i of the distribution gets x_i of the m tickets (integers summing to m). Seats of
a group of interchangeable people are dealt to its members in turn, so a member of group
g holds floor(T_g / s_g) or ceil(T_g / s_g) tickets, where T_g = sum_i x_i c_ig is the
group's seat count over all tickets and s_g its size. The program minimises z, the
largest distance (in tickets) between any person's ticket count and m times their exact
probability. For a group of several people, T_g = s_g q_g + r_g with 0 <= r_g < s_g and
b_g = 1 whenever r_g > 0: members hold q_g or q_g + b_g tickets.

A quick local search (improve_tickets) polishes the Beck–Fiala counts first; the program
starts from its result. The solver is stopped by a node limit, not only by a clock, so the same inputs give the
same counts on every machine; the clock limit is a safety net (the caller then keeps its
warm start, see lottery.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from polyvox.engines.sortition.highs import INFINITY, column_values, new_solver, pass_model
from polyvox.engines.sortition.problem import FloatArray, IntArray

NODE_LIMIT = 20
TIME_LIMIT = 60.0
# Local search: exp(sharpness * deviation) summed over groups stands in for the maximum.
SHARPNESS = (3.0, 6.0)
MOVES = 2000


@dataclass(frozen=True)
class TicketProgram:
    """The program's layout: x (panels), then z, then q, r, b per group of several."""

    counts: IntArray  # seats per support panel (rows) and group (columns)
    sizes: IntArray  # members per group
    targets: FloatArray  # m times each group's exact probability
    panels: int  # m

    @property
    def shared(self) -> IntArray:
        return np.flatnonzero(self.sizes > 1)

    @property
    def single(self) -> IntArray:
        return np.flatnonzero(self.sizes == 1)

    def deviation(self, tickets: IntArray) -> float:
        """The largest distance, in tickets, between a person's count and their target."""
        return float(self.group_deviations(tickets @ self.counts).max())

    def group_deviations(self, seats: IntArray) -> FloatArray:
        """Per group (any leading axes), the worst member's distance for these seat totals."""
        low = seats // self.sizes
        high = low + (seats % self.sizes > 0)
        result: FloatArray = np.maximum(self.targets - low, high - self.targets)
        return result

    def lower_bound(self) -> float:
        """No lottery of m tickets does better than the worst target's distance to a whole count."""
        return float(np.max(np.abs(self.targets - np.rint(self.targets))))


@dataclass(frozen=True)
class ProgramResult:
    tickets: IntArray | None  # None: no solution beyond the warm start
    status: str
    time_limit_hit: bool


def improve_tickets(program: TicketProgram, tickets: IntArray) -> IntArray:
    """Local search: move one ticket at a time from one panel to another while that
    lowers a smooth stand-in for the largest deviation. Deterministic and quick; it finds
    what the integer program would find in its node limit on every instance we measured."""
    tickets = tickets.copy()
    best, best_deviation = tickets.copy(), program.deviation(tickets)
    for sharpness in SHARPNESS:
        for _move in range(MOVES):
            if not _move_one(program, tickets, sharpness):
                break
            # The smooth stand-in can fall while the maximum rises: keep the best seen.
            deviation = program.deviation(tickets)
            if deviation < best_deviation - 1e-12:
                best, best_deviation = tickets.copy(), deviation
        tickets = best.copy()
    return best


def _move_one(program: TicketProgram, tickets: IntArray, sharpness: float) -> bool:
    seats = tickets @ program.counts
    worst = program.group_deviations(seats).max()

    def penalty(totals: IntArray) -> FloatArray:
        spread = sharpness * (program.group_deviations(totals) - worst)
        result: FloatArray = np.exp(spread).sum(axis=-1)
        return result

    current = float(penalty(seats))
    gain = int(np.argmin(penalty(seats[None, :] + program.counts)))
    after = penalty(seats[None, :] + program.counts[gain][None, :] - program.counts)
    after[(tickets == 0) | (np.arange(len(tickets)) == gain)] = np.inf
    loss = int(np.argmin(after))
    if not after[loss] < current - 1e-12:
        return False
    tickets[loss] -= 1
    tickets[gain] += 1
    return True


def solve_tickets(
    program: TicketProgram,
    warm_start: IntArray,
    *,
    seed: int,
    node_limit: int = NODE_LIMIT,
    time_limit: float = TIME_LIMIT,
) -> ProgramResult:
    solver = new_solver(seed)
    solver.setOptionValue("mip_max_nodes", node_limit)
    solver.setOptionValue("time_limit", time_limit)
    _pass(solver, program)
    solver.setSolution(_start(program, warm_start))
    solver.run()
    status = solver.getModelStatus()
    hit = bool(status == highspy.HighsModelStatus.kTimeLimit)
    name = solver.modelStatusToString(status)
    if hit or solver.getInfo().primal_solution_status != 2:  # 2: feasible point
        return ProgramResult(None, name, hit)
    values = column_values(solver)[: len(program.counts)]
    tickets = np.rint(values).astype(np.int64)
    if tickets.sum() != program.panels or tickets.min() < 0:
        return ProgramResult(None, f"{name} (unusable point)", hit)
    return ProgramResult(tickets, name, hit)


class _Rows:
    """Constraint rows as (row, column, value) triplets."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, float]] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, terms: list[tuple[int, float]], low: float, high: float) -> None:
        row = len(self.lower)
        self.entries += [(row, column, value) for column, value in terms if value != 0]
        self.lower.append(low)
        self.upper.append(high)

    def matrix(self, columns: int) -> sparse.csc_matrix:
        rows, cols, values = zip(*self.entries, strict=True) if self.entries else ((), (), ())
        return sparse.csc_matrix((values, (rows, cols)), shape=(len(self.lower), columns))


def _pass(solver: highspy.Highs, program: TicketProgram) -> None:
    panels = len(program.counts)
    shared = program.shared
    z = panels
    q0, r0, b0 = panels + 1, panels + 1 + len(shared), panels + 1 + 2 * len(shared)
    columns = panels + 1 + 3 * len(shared)
    rows = _Rows()
    rows.add([(i, 1.0) for i in range(panels)], program.panels, program.panels)
    for group in program.single:
        # A group of one: |T_g - t_g| <= z.
        seats = [
            (int(i), float(program.counts[i, group]))
            for i in np.flatnonzero(program.counts[:, group])
        ]
        target = float(program.targets[group])
        rows.add([*seats, (z, -1.0)], -INFINITY, target)
        rows.add([*seats, (z, 1.0)], target, INFINITY)
    for j, group in enumerate(shared):
        seats = [
            (int(i), float(program.counts[i, group]))
            for i in np.flatnonzero(program.counts[:, group])
        ]
        size, target = float(program.sizes[group]), float(program.targets[group])
        q, r, b = q0 + j, r0 + j, b0 + j
        rows.add([*seats, (q, -size), (r, -1.0)], 0.0, 0.0)  # T_g = s_g q_g + r_g
        rows.add([(r, 1.0), (b, 1.0 - size)], -INFINITY, 0.0)  # r_g > 0 only if b_g = 1
        rows.add([(q, 1.0), (z, 1.0)], target, INFINITY)  # q_g >= t_g - z
        rows.add([(q, 1.0), (b, 1.0), (z, -1.0)], -INFINITY, target)  # q_g + b_g <= t_g + z
    costs = np.zeros(columns)
    costs[z] = 1.0
    col_lower = np.zeros(columns)
    col_lower[z] = program.lower_bound()
    col_upper = np.full(columns, INFINITY)
    col_upper[:panels] = program.panels
    col_upper[r0:b0] = program.sizes[shared] - 1
    col_upper[b0:] = 1.0
    pass_model(
        solver,
        costs=costs,
        col_lower=col_lower,
        col_upper=col_upper,
        matrix=rows.matrix(columns),
        row_lower=np.array(rows.lower),
        row_upper=np.array(rows.upper),
        integer=True,
        maximise=False,
    )
    # z is a plain number; everything else counts tickets or seats.
    solver.changeColIntegrality(z, highspy.HighsVarType.kContinuous)


def _start(program: TicketProgram, tickets: IntArray) -> highspy.HighsSolution:
    shared = program.shared
    seats = tickets @ program.counts
    sizes = program.sizes[shared]
    quotient = seats[shared] // sizes
    remainder = seats[shared] % sizes
    start = np.concatenate(
        [
            tickets.astype(np.float64),
            [max(program.deviation(tickets), program.lower_bound())],
            quotient,
            remainder,
            (remainder > 0).astype(np.float64),
        ]
    )
    solution = highspy.HighsSolution()
    solution.col_value = list(start)
    solution.value_valid = True
    return solution
