"""Replacing people who decline, without breaking any quota or household rule."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from polyvox.engines.sortition.distribution import Algorithm, find_distribution, household_numbers
from polyvox.engines.sortition.lottery import round_to_lottery
from polyvox.engines.sortition.model import InvalidInputError, Pool, ProgressCallback, Quota
from polyvox.engines.sortition.problem import normalise

REPLACEMENT_LOTTERY_SIZE = 1000


def find_replacements(
    pool: Pool,
    quotas: Sequence[Quota],
    *,
    selected_ids: Sequence[str],
    declined_ids: Sequence[str],
    seed: int = 0,
    algorithm: Algorithm = "leximin",
    on_progress: ProgressCallback | None = None,
) -> list[str]:
    """Ids to add so that (selected - declined + replacements) meets every quota.

    The replacements are a fair selection (LEXIMIN by default) among the people not
    yet selected who share no household with anyone kept, with quotas reduced by
    what the kept members already fill.
    """
    index = {person_id: person for person, person_id in enumerate(pool.ids)}
    unknown = [i for i in [*selected_ids, *declined_ids] if i not in index]
    if unknown:
        raise InvalidInputError(f"unknown ids: {', '.join(unknown[:5])}")
    declined = set(declined_ids)
    kept = [index[i] for i in selected_ids if i not in declined]
    needed = len(declined & set(selected_ids))
    if needed == 0:
        return []
    candidates = _candidates(pool, set(selected_ids) | declined, kept)
    sub_pool = _sub_pool(pool, candidates)
    sub_quotas = _reduced_quotas(pool, quotas, kept)
    distribution = find_distribution(
        sub_pool, sub_quotas, needed, algorithm=algorithm, seed=seed, on_progress=on_progress
    )
    lottery = round_to_lottery(distribution, REPLACEMENT_LOTTERY_SIZE, seed)
    ticket = int(hashlib.sha256(f"replacements:{seed}".encode()).hexdigest(), 16) % lottery.size
    return [sub_pool.ids[person] for person in lottery.panels[ticket]]


def _candidates(pool: Pool, excluded_ids: set[str], kept: list[int]) -> list[int]:
    households = household_numbers(pool)
    taken = {households[person] for person in kept}
    return [
        person
        for person, person_id in enumerate(pool.ids)
        if person_id not in excluded_ids and households[person] not in taken
    ]


def _sub_pool(pool: Pool, people: list[int]) -> Pool:
    return Pool(
        ids=tuple(pool.ids[p] for p in people),
        features={c: tuple(values[p] for p in people) for c, values in pool.features.items()},
        households=tuple(pool.households[p] for p in people) if pool.households else None,
    )


def _reduced_quotas(pool: Pool, quotas: Sequence[Quota], kept: list[int]) -> list[Quota]:
    categories = {normalise(c): c for c in pool.categories}
    reduced = []
    for quota in quotas:
        column = pool.features[categories[normalise(quota.category)]]
        filled = sum(1 for p in kept if normalise(column[p]) == normalise(quota.value))
        if filled > quota.max:
            raise InvalidInputError(
                f"the kept members already exceed {quota.category}={quota.value} "
                f"({filled} > max {quota.max})"
            )
        reduced.append(
            Quota(quota.category, quota.value, max(0, quota.min - filled), quota.max - filled)
        )
    return reduced
