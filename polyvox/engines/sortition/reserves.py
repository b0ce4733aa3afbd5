"""Reserves: who steps in when a panel member declines, in an order fixed by the draw.

The order follows from the pool, the panel and the draw's public seed alone, so anyone
holding the published files can recompute it (`polyvox select --verify` does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from polyvox.engines.sortition.model import Pool


def reserve_order(pool: Pool, panel: Collection[int], *, seed_hex: str, count: int) -> list[int]:
    """Up to `count` people (indices into the pool) outside the panel, ranked by
    SHA-256(seed, "reserve", id); none shares a household with the panel or with an
    earlier reserve."""
    households = pool.households or (None,) * pool.size
    taken = {households[person] for person in panel if households[person]}
    candidates = sorted(
        (person for person in range(pool.size) if person not in panel),
        key=lambda person: hashlib.sha256(
            f"{seed_hex}:reserve:{pool.ids[person]}".encode()
        ).digest(),
    )
    chosen: list[int] = []
    for person in candidates:
        if len(chosen) >= count:
            break
        home = households[person]
        if home and home in taken:
            continue
        taken.add(home)
        chosen.append(person)
    return chosen
