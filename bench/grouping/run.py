"""Benchmark: our seating against the best of 1,000 random seatings.

    .venv/bin/python bench/grouping/run.py [--trials 1000] [--rooms 3] [--exact-seconds 150]

Rooms are generated with six skewed categories (one with a 2 % minority). For each room it
prints our diversity (distinct values per table, higher is better) and imbalance (summed
deviation from the room's mix, lower is better) as ratios to the best random seating on
each metric, the stratified deal alone (no search), a lower bound on imbalance (each table
rounded on its own, ignoring that the room's totals are fixed), and the times.

With --exact-seconds, the first 100-person room is also given to HiGHS as a mixed-integer
program minimising imbalance exactly; its best seating and proven lower bound show how far
from optimal the local search stops.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from polyvox.engines.grouping import Person, diversity, imbalance, seat
from polyvox.engines.grouping.scoring import (
    room_matrix,
    table_counts,
    table_deviations,
    table_diversities,
)

CATEGORIES = {
    "gender": (["woman", "man", "other"], [0.49, 0.49, 0.02]),
    "age": (["16-24", "25-39", "40-59", "60+"], [0.15, 0.3, 0.3, 0.25]),
    "education": (["primary", "secondary", "tertiary"], [0.2, 0.5, 0.3]),
    "area": (["urban", "rural"], [0.7, 0.3]),
    "region": (["north", "south", "east", "west", "centre"], [0.3, 0.25, 0.2, 0.15, 0.1]),
    "attitude": (["worried", "unsure", "relaxed"], [0.5, 0.3, 0.2]),
}
BALANCE = tuple(CATEGORIES)
TABLE_SIZE = 6


def make_room(size: int, seed: int, with_households: bool) -> list[Person]:
    rng = np.random.default_rng(seed)
    people = []
    for number in range(size):
        attributes = {
            name: str(rng.choice(values, p=weights))
            for name, (values, weights) in CATEGORIES.items()
        }
        # A third of the room arrives as couples or families of three.
        shared = with_households and number < size // 3
        attributes["address"] = f"home-{number // 3}" if shared else f"own-{number}"
        people.append(Person(id=str(number), attributes=attributes))
    return people


def best_of_random(
    people: list[Person], sizes: tuple[int, ...], trials: int
) -> tuple[float, float]:
    """Best diversity and best imbalance (each on its own) over random seatings; households
    are ignored, which can only help the random side."""
    room = room_matrix(people, BALANCE)
    sizes_array = np.array(sizes, dtype=np.float64)
    base = np.repeat(np.arange(len(sizes)), sizes)
    rng = np.random.default_rng(12345)
    best_diversity, best_imbalance = 0.0, np.inf
    for _ in range(trials):
        counts = table_counts(room.one_hot, rng.permutation(base), len(sizes))
        best_diversity = max(best_diversity, float(table_diversities(counts).sum()))
        deviation = float(table_deviations(counts, sizes_array, room.shares).sum())
        best_imbalance = min(best_imbalance, deviation)
    return best_diversity, best_imbalance


def imbalance_lower_bound(people: list[Person], sizes: tuple[int, ...]) -> float:
    room = room_matrix(people, BALANCE)
    total = 0.0
    start = 0
    for category in BALANCE:
        width = len({person.attributes[category] for person in people})
        shares = room.shares[start : start + width]
        start += width
        for size in sizes:
            expected = size * shares
            floors = np.floor(expected)
            fractions = expected - floors
            remaining = round(size - floors.sum())
            ceiled = np.argsort(-fractions)[:remaining]
            deviation = fractions.copy()
            deviation[ceiled] = 1 - fractions[ceiled]
            total += float(deviation.sum())
    return total


def exact_imbalance(people: list[Person], sizes: tuple[int, ...], seconds: float) -> None:
    """x[person, table] binary; deviation[table, value] >= |count - expected|; minimise the sum."""
    room = room_matrix(people, BALANCE)
    count, width, tables = len(people), room.one_hot.shape[1], len(sizes)
    seats = count * tables
    constraints = sparse.lil_matrix((count + tables + 2 * tables * width, seats + tables * width))
    lower: list[float] = []
    upper: list[float] = []
    for person in range(count):
        constraints[person, person * tables : (person + 1) * tables] = 1
        lower.append(1)
        upper.append(1)
    for table, size in enumerate(sizes):
        constraints[count + table, [p * tables + table for p in range(count)]] = 1
        lower.append(size)
        upper.append(size)
    row = count + tables
    for table, size in enumerate(sizes):
        for value in range(width):
            expected = size * room.shares[value]
            holders = [p * tables + table for p in np.flatnonzero(room.one_hot[:, value])]
            deviation = seats + table * width + value
            for sign in (1, -1):
                constraints[row, holders] = sign
                constraints[row, deviation] = -1
                lower.append(-np.inf)
                upper.append(sign * expected)
                row += 1
    started = time.perf_counter()
    result = milp(
        np.r_[np.zeros(seats), np.ones(tables * width)],
        constraints=LinearConstraint(constraints.tocsr(), lower, upper),
        integrality=np.r_[np.ones(seats), np.zeros(tables * width)],
        bounds=Bounds(0, np.r_[np.ones(seats), np.full(tables * width, np.inf)]),
        options={"time_limit": seconds, "disp": False},
    )
    print(
        f"  HiGHS MIP, {time.perf_counter() - started:.0f} s: best imbalance {result.fun:.2f}, "
        f"proven lower bound {result.mip_dual_bound:.2f} ({result.message})"
    )


def bench_room(
    size: int, seed: int, trials: int, with_households: bool
) -> tuple[list[Person], tuple[int, ...]]:
    people = make_room(size, seed, with_households)
    households = ["address"] if with_households else []
    started = time.perf_counter()
    ours = seat(people, table_size=TABLE_SIZE, balance=BALANCE, household_attributes=households)
    our_seconds = time.perf_counter() - started
    deal = seat(
        people,
        table_size=TABLE_SIZE,
        balance=BALANCE,
        household_attributes=households,
        search_budget=0,
    )
    started = time.perf_counter()
    random_diversity, random_imbalance = best_of_random(people, ours.sizes, trials)
    random_seconds = time.perf_counter() - started
    bound = imbalance_lower_bound(people, ours.sizes)
    print(
        f"n={size:5d} seed={seed} households={'yes' if with_households else 'no ':3s} "
        f"diversity {diversity(ours)} / {random_diversity:.0f} = "
        f"{diversity(ours) / random_diversity:.3f} (deal {diversity(deal) / random_diversity:.3f})  "
        f"imbalance {imbalance(ours):.1f} / {random_imbalance:.1f} = "
        f"{imbalance(ours) / random_imbalance:.3f} (deal {imbalance(deal) / random_imbalance:.3f}, "
        f"bound {bound / random_imbalance:.3f})  "
        f"time ours {our_seconds:.2f} s, random x{trials} {random_seconds:.2f} s"
    )
    return people, ours.sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=3, help="rooms per size")
    parser.add_argument("--exact-seconds", type=float, default=0, help="HiGHS time limit")
    args = parser.parse_args()
    for size in (100, 1000):
        for seed in range(args.rooms):
            for with_households in (False, True):
                people, sizes = bench_room(size, seed, args.trials, with_households)
                if args.exact_seconds and size == 100 and seed == 0 and not with_households:
                    exact_imbalance(people, sizes, args.exact_seconds)


if __name__ == "__main__":
    main()
