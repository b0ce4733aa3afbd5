"""find_distribution: the engine's entry point for fair selection probabilities."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from typing import Literal

import numpy as np

from polyvox.engines.sortition.feasibility import check_feasible
from polyvox.engines.sortition.legacy import LegacyGreedy
from polyvox.engines.sortition.leximin import ColumnGeneration
from polyvox.engines.sortition.model import Distribution, Pool, ProgressCallback, Quota
from polyvox.engines.sortition.problem import (
    FloatArray,
    IntArray,
    Problem,
    compile_problem,
    normalise,
)
from polyvox.engines.sortition.relaxation import OutsideIn

Algorithm = Literal["leximin", "maximin", "legacy"]
ALGORITHMS: tuple[Algorithm, ...] = ("leximin", "maximin", "legacy")
# Weights below this are LP noise; dropping them keeps lotteries and files small.
WEIGHT_FLOOR = 1e-10


def find_distribution(
    pool: Pool,
    quotas: Sequence[Quota],
    panel_size: int,
    *,
    algorithm: Algorithm = "leximin",
    seed: int = 0,
    legacy_samples: int = 1000,
    on_progress: ProgressCallback | None = None,
) -> Distribution:
    """A distribution over valid panels; raises InfeasibleQuotasError with a relaxation."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}")
    started = time.process_time()
    problem = compile_problem(pool, quotas, panel_size)
    first_panel = check_feasible(problem, seed)
    if algorithm == "legacy":
        profiles, weights = _legacy_profiles(problem, pool, seed, legacy_samples, on_progress)
        stats: dict[str, float] = {"samples": float(legacy_samples)}
    else:
        profiles, weights, stats = _optimal_profiles(
            problem, first_panel, algorithm == "leximin", seed, on_progress
        )
    stats["cpu_seconds"] = time.process_time() - started
    if on_progress is not None:
        on_progress(1.0, "distribution found")
    return _distribution(problem, algorithm, profiles, weights, stats)


def _optimal_profiles(
    problem: Problem,
    first_panel: IntArray,
    leximin: bool,
    seed: int,
    on_progress: ProgressCallback | None,
) -> tuple[list[IntArray], FloatArray, dict[str, float]]:
    """Outside in (relaxation.py) first; level-by-level column generation if it gives up."""
    found = OutsideIn(problem, seed, on_progress).run(first_panel, leximin=leximin)
    if found is not None:
        return (
            found.profiles,
            found.weights,
            {
                "levels": float(found.levels),
                "cuts": float(found.cuts),
                "pricing_calls": float(found.pricing_calls),
                "lp_solves": float(found.lp_solves),
            },
        )
    generation = ColumnGeneration(problem, seed, on_progress)
    generation.seed_panels(first_panel)
    result = generation.run(leximin=leximin)
    return (
        result.profiles,
        result.weights,
        {
            "column_generation": 1.0,
            "levels": float(result.levels),
            "pricing_calls": float(result.pricing_calls),
            "lp_solves": float(result.lp_solves),
        },
    )


def _distribution(
    problem: Problem,
    algorithm: str,
    profiles: Sequence[IntArray],
    weights: FloatArray,
    stats: dict[str, float],
) -> Distribution:
    keep = [i for i, weight in enumerate(weights) if weight > WEIGHT_FLOOR]
    kept_weights = np.array([weights[i] for i in keep])
    kept_weights /= kept_weights.sum()
    kept_profiles = [profiles[i] for i in keep]
    shares = np.stack(kept_profiles, axis=1) / problem.type_counts[:, None]
    type_probabilities = np.clip(shares @ kept_weights, 0.0, 1.0)
    probabilities = type_probabilities[problem.person_types()]
    return Distribution(
        algorithm=algorithm,
        probabilities=tuple(float(p) for p in probabilities),
        groups=problem.type_members,
        profiles=tuple(tuple(int(c) for c in profile) for profile in kept_profiles),
        weights=tuple(float(w) for w in kept_weights),
        panel_size=problem.panel_size,
        stats=stats,
    )


def household_numbers(pool: Pool) -> list[int]:
    """A number per person; equal numbers share a household (no key: a household alone)."""
    numbers: dict[str, int] = {}
    result = []
    for person in range(pool.size):
        key = pool.households[person] if pool.households else None
        if key is None or not key.strip():
            result.append(-1 - person)
        else:
            result.append(numbers.setdefault(normalise(key), len(numbers)))
    return result


def _legacy_profiles(
    problem: Problem,
    pool: Pool,
    seed: int,
    samples: int,
    on_progress: ProgressCallback | None,
) -> tuple[list[IntArray], FloatArray]:
    greedy = LegacyGreedy(problem, household_numbers(pool))
    rng = np.random.default_rng(seed)
    tally: Counter[bytes] = Counter()
    for sample in range(samples):
        profile = problem.profile_of_people(list(greedy.sample(rng)))
        tally[profile.tobytes()] += 1
        if on_progress is not None and sample % 50 == 0:
            on_progress(sample / samples, f"legacy sample {sample}/{samples}")
    profiles = [np.frombuffer(key, dtype=np.int64).copy() for key in tally]
    weights = np.array(list(tally.values()), dtype=np.float64) / samples
    return profiles, weights
