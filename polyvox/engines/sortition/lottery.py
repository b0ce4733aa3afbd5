"""Rounding a distribution to a uniform lottery over m panels (Beck–Fiala style).

Work in tickets: panel i should get m * weight_i of the m tickets. Iterated rounding
moves the fractional ticket counts along directions that keep fixed (a) the total
number of tickets and (b) the expected number of tickets of every group of
interchangeable people that still sits in more than k fractional panels. A group is
released only once its remaining fractional panels hold at most k of its seats, so its
expected seat count moves by less than k. Seats are then dealt to the group's members
in turn, so each member's ticket count is within one of the group average. Every
person's probability thus moves by less than k/m (round_to_lottery checks it).
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from polyvox.engines.sortition.model import Distribution, Lottery, SortitionError
from polyvox.engines.sortition.problem import FloatArray, IntArray

INTEGRALITY = 1e-9


def round_to_lottery(distribution: Distribution, panels: int = 1000, seed: int = 0) -> Lottery:
    if panels < 1:
        raise ValueError("a lottery needs at least one panel")
    rng = np.random.default_rng(seed)
    profiles = np.array(distribution.profiles, dtype=np.int64)
    tickets = _round_ticket_counts(
        profiles, np.array(distribution.weights) * panels, distribution.panel_size, rng
    )
    ticket_profiles = np.repeat(profiles, tickets, axis=0)
    ticket_profiles = ticket_profiles[rng.permutation(len(ticket_profiles))]
    people_panels = _deal_seats(ticket_profiles, distribution.groups, rng)
    probabilities = _lottery_probabilities(people_panels, len(distribution.probabilities))
    deviation = float(np.max(np.abs(probabilities - np.array(distribution.probabilities))))
    bound = distribution.panel_size / panels
    if deviation > bound + 1e-9:
        raise SortitionError(f"rounding moved a probability by {deviation:.6f} > k/m = {bound:.6f}")
    return Lottery(
        panels=tuple(people_panels),
        probabilities=tuple(float(p) for p in probabilities),
        max_deviation=deviation,
        bound=bound,
    )


def _round_ticket_counts(
    profiles: IntArray, targets: FloatArray, panel_size: int, rng: np.random.Generator
) -> IntArray:
    whole = np.floor(targets + INTEGRALITY)
    fraction = np.clip(targets - whole, 0.0, 1.0)
    while True:
        open_panels = np.flatnonzero((fraction > INTEGRALITY) & (fraction < 1 - INTEGRALITY))
        if len(open_panels) == 0:
            break
        direction = _balanced_direction(profiles, open_panels, panel_size)
        fraction = _step(fraction, open_panels, direction, rng)
    return (whole + np.rint(fraction)).astype(np.int64)


def _balanced_direction(profiles: IntArray, open_panels: IntArray, panel_size: int) -> FloatArray:
    """A move of open ticket counts keeping the total and every busy group's seats."""
    seats = profiles[open_panels]
    busy = np.flatnonzero(seats.sum(axis=0) > panel_size)
    # Few open panels usually suffice for a null vector; widen until one exists.
    width = min(len(open_panels), 2)
    while True:
        window = seats[:width]
        touched = busy[window[:, busy].sum(axis=0) > 0]
        constraints = np.vstack([np.ones((1, width)), window[:, touched].T.astype(float)])
        null = linalg.null_space(constraints)
        if null.shape[1] > 0:
            direction = np.zeros(len(open_panels))
            direction[:width] = null[:, 0]
            return direction
        if width == len(open_panels):
            # Cannot happen by the counting argument above; fail loudly rather than drift.
            raise SortitionError("lottery rounding found no balanced move")
        width = min(len(open_panels), width * 2)


def _step(
    fraction: FloatArray, open_panels: IntArray, direction: FloatArray, rng: np.random.Generator
) -> FloatArray:
    """Move to the nearest integer wall forwards or backwards, at random but unbiased."""
    values = fraction[open_panels]
    forward = _largest_step(values, direction)
    backward = _largest_step(values, -direction)
    # Forward with probability backward/(forward+backward): the expected move is zero.
    go_forward = rng.random() * (forward + backward) < backward
    moved = values + (forward * direction if go_forward else -backward * direction)
    moved[np.abs(moved) < INTEGRALITY] = 0.0
    moved[np.abs(moved - 1) < INTEGRALITY] = 1.0
    result = fraction.copy()
    result[open_panels] = np.clip(moved, 0.0, 1.0)
    return result


def _largest_step(values: FloatArray, direction: FloatArray) -> float:
    up = direction > 1e-12
    down = direction < -1e-12
    limits = np.concatenate([(1 - values[up]) / direction[up], -values[down] / direction[down]])
    return float(limits.min())


def _deal_seats(
    ticket_profiles: IntArray, groups: tuple[tuple[int, ...], ...], rng: np.random.Generator
) -> list[tuple[int, ...]]:
    """Give each group's seats to its members in turn, in a seeded random order."""
    orders = [rng.permutation(np.array(members)) for members in groups]
    cursors = [0] * len(groups)
    panels = []
    for profile in ticket_profiles:
        members: list[int] = []
        for group in np.flatnonzero(profile):
            order, seats = orders[group], int(profile[group])
            start = cursors[group]
            members.extend(int(order[(start + i) % len(order)]) for i in range(seats))
            cursors[group] = (start + seats) % len(order)
        panels.append(tuple(sorted(members)))
    return panels


def _lottery_probabilities(panels: list[tuple[int, ...]], pool_size: int) -> FloatArray:
    counts = np.zeros(pool_size)
    for panel in panels:
        counts[list(panel)] += 1
    result: FloatArray = counts / len(panels)
    return result
