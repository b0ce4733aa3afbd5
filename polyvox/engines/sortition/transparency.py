"""A draw nobody can steer alone, and its verification.

Before the draw the organiser publishes a commitment: SHA-256 over the frozen pool,
quotas, panel size and lottery settings (the lottery follows from those, as every
computation is seeded). Later a public random value is fixed (a drand round, dice
rolled in public). The ticket is SHA-256(commitment, public value) modulo the number
of panels: the organiser cannot pick the public value, and whoever fixes it cannot
change the pool afterwards.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from polyvox.engines.sortition.distribution import Algorithm, find_distribution
from polyvox.engines.sortition.lottery import TOLERANCE, Rounding, round_to_lottery
from polyvox.engines.sortition.model import (
    Draw,
    Lottery,
    Pool,
    ProgressCallback,
    Quota,
    Verification,
)


def household_partition(households: Sequence[str | None]) -> list[int | None]:
    """Who shares a household, without the labels: each household becomes the order in
    which it first appears. The commitment covers only this, so the published files can
    label households per run instead of repeating the keyed address hashes, which are
    the same in every run and dialogue and would link a person's entries across them."""
    first_seen: dict[str, int] = {}
    return [first_seen.setdefault(key, len(first_seen)) if key else None for key in households]


def commitment_for(
    pool: Pool,
    quotas: Sequence[Quota],
    panel_size: int,
    *,
    algorithm: Algorithm = "leximin",
    panels: int = 1000,
    seed: int = 0,
    rounding: Rounding = "fair",
    tolerance: float = TOLERANCE,
) -> str:
    """The hash to publish before the public random value is known. Lotteries rounded the
    Beck–Fiala way alone (published before the fair rounding) hash as they always did."""
    frozen: dict[str, object] = {
        "ids": list(pool.ids),
        "features": {category: list(values) for category, values in pool.features.items()},
        "households": household_partition(pool.households) if pool.households else None,
        "quotas": [[q.category, q.value, q.min, q.max, q.min_flex, q.max_flex] for q in quotas],
        "panel_size": panel_size,
        "algorithm": algorithm,
        "panels": panels,
        "seed": seed,
    }
    if rounding != "beck-fiala":
        frozen |= {"rounding": rounding, "tolerance": tolerance}
    canonical = json.dumps(frozen, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def draw(lottery: Lottery, *, commitment: str, public_random: str) -> Draw:
    digest = hashlib.sha256(f"{commitment}:{public_random.strip()}".encode()).hexdigest()
    ticket = int(digest, 16) % lottery.size
    return Draw(
        commitment=commitment,
        public_random=public_random.strip(),
        seed_hex=digest,
        ticket=ticket,
        panel=lottery.panels[ticket],
    )


def verify_draw(
    pool: Pool,
    quotas: Sequence[Quota],
    panel_size: int,
    *,
    commitment: str,
    public_random: str,
    selected_ids: Sequence[str],
    algorithm: Algorithm = "leximin",
    panels: int = 1000,
    seed: int = 0,
    rounding: Rounding = "fair",
    tolerance: float = TOLERANCE,
    on_progress: ProgressCallback | None = None,
) -> Verification:
    """Re-run a published draw from its inputs and confirm the announced panel."""
    expected = commitment_for(
        pool,
        quotas,
        panel_size,
        algorithm=algorithm,
        panels=panels,
        seed=seed,
        rounding=rounding,
        tolerance=tolerance,
    )
    if expected != commitment:
        return Verification(
            ok=False,
            problems=("the pool, quotas or settings differ from those committed to",),
        )
    distribution = find_distribution(
        pool, quotas, panel_size, algorithm=algorithm, seed=seed, on_progress=on_progress
    )
    lottery = round_to_lottery(
        distribution, panels=panels, seed=seed, rounding=rounding, tolerance=tolerance
    )
    result = draw(lottery, commitment=commitment, public_random=public_random)
    drawn = {pool.ids[person] for person in result.panel}
    if drawn != set(selected_ids):
        return Verification(
            ok=False,
            problems=(f"ticket {result.ticket} draws a different panel than the one announced",),
            panel=result.panel,
        )
    return Verification(ok=True, problems=(), panel=result.panel)
