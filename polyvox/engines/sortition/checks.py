"""Independent check of one concrete panel, straight from the pool (no compiled types)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from polyvox.engines.sortition.model import Pool, Quota
from polyvox.engines.sortition.problem import normalise


def panel_violations(
    pool: Pool, quotas: Sequence[Quota], panel_size: int, members: Sequence[int]
) -> list[str]:
    """Every rule the panel (person indices) breaks; empty when it is valid."""
    problems = []
    if len(set(members)) != len(members):
        problems.append("someone is on the panel twice")
    if len(members) != panel_size:
        problems.append(f"panel has {len(members)} members, not {panel_size}")
    categories = {normalise(c): c for c in pool.categories}
    for quota in quotas:
        column = pool.features[categories[normalise(quota.category)]]
        count = sum(1 for p in members if normalise(column[p]) == normalise(quota.value))
        if not quota.min <= count <= quota.max:
            problems.append(
                f"{quota.category}={quota.value}: {count} outside [{quota.min}, {quota.max}]"
            )
    if pool.households:
        keys = Counter(
            normalise(key)
            for p in members
            if (key := pool.households[p]) is not None and key.strip()
        )
        problems += [
            f"household {key!r} has {n} members on the panel" for key, n in keys.items() if n > 1
        ]
    return problems
