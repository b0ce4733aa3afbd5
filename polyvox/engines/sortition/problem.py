"""The selection problem compiled to interchangeable groups of people ("types").

People with the same value in every category and no housemates in the pool are
interchangeable: LEXIMIN is unique and symmetric, so they all get the same
probability. Solving over types instead of people shrinks the pricing ILP from n
binaries to a few hundred bounded integers, which is where most time goes.
People who share a household stay types of their own, tied by one-per-household rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from polyvox.engines.sortition.model import InvalidInputError, Pool, Quota

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def normalise(text: str) -> str:
    """Values match case-insensitively and ignore surrounding blanks."""
    return text.strip().casefold()


@dataclass(frozen=True)
class Problem:
    pool_size: int
    panel_size: int
    quotas: tuple[Quota, ...]
    type_members: tuple[tuple[int, ...], ...]
    type_counts: IntArray
    value_matrix: sparse.csr_matrix  # quota row x type, 1 where the type holds that value
    quota_min: IntArray
    quota_max: IntArray
    household_groups: tuple[tuple[int, ...], ...]  # types sharing one household

    @property
    def type_count(self) -> int:
        return len(self.type_members)

    def person_types(self) -> IntArray:
        owner = np.empty(self.pool_size, dtype=np.int64)
        for type_index, members in enumerate(self.type_members):
            owner[list(members)] = type_index
        return owner

    def profile_of_people(self, people: Sequence[int]) -> IntArray:
        counts = np.bincount(self.person_types()[list(people)], minlength=self.type_count)
        return counts.astype(np.int64)


def _quota_index(quotas: Sequence[Quota]) -> dict[tuple[str, str], int]:
    index: dict[tuple[str, str], int] = {}
    for row, quota in enumerate(quotas):
        key = (normalise(quota.category), normalise(quota.value))
        if key in index:
            raise InvalidInputError(f"quota for {quota.category}={quota.value} is given twice")
        if quota.min < 0 or quota.max < quota.min:
            raise InvalidInputError(
                f"quota for {quota.category}={quota.value}: need 0 <= min <= max, "
                f"got min {quota.min} and max {quota.max}"
            )
        index[key] = row
    return index


def _person_quota_rows(pool: Pool, quotas: Sequence[Quota]) -> list[tuple[int, ...]]:
    index = _quota_index(quotas)
    categories = {normalise(q.category) for q in quotas}
    pool_categories = {normalise(c): c for c in pool.categories}
    missing = sorted(categories - set(pool_categories))
    if missing:
        raise InvalidInputError(f"the pool has no column for categories: {', '.join(missing)}")
    used = [name for key, name in pool_categories.items() if key in categories]
    rows: list[tuple[int, ...]] = []
    for person, person_id in enumerate(pool.ids):
        person_rows = []
        for category in used:
            value = pool.features[category][person]
            key = (normalise(category), normalise(value))
            if key not in index:
                raise InvalidInputError(
                    f"person {person_id}: value {value!r} of {category} has no quota"
                )
            person_rows.append(index[key])
        rows.append(tuple(sorted(person_rows)))
    return rows


def _household_members(pool: Pool) -> dict[str, list[int]]:
    members: dict[str, list[int]] = defaultdict(list)
    for person, key in enumerate(pool.households or ()):
        if key is not None and key.strip():
            members[normalise(key)].append(person)
    return {key: people for key, people in members.items() if len(people) > 1}


def compile_problem(pool: Pool, quotas: Sequence[Quota], panel_size: int) -> Problem:
    if len(set(pool.ids)) != len(pool.ids):
        raise InvalidInputError("person ids must be unique")
    if not 0 < panel_size <= pool.size:
        raise InvalidInputError(f"panel size {panel_size} must be between 1 and {pool.size}")
    person_rows = _person_quota_rows(pool, quotas)
    shared = _household_members(pool)
    in_household = {person for people in shared.values() for person in people}
    groups: dict[tuple[int, ...] | int, list[int]] = {}
    for person, rows in enumerate(person_rows):
        # Housemates are not interchangeable with anyone: each is a type of one.
        key: tuple[int, ...] | int = -1 - person if person in in_household else rows
        groups.setdefault(key, []).append(person)
    type_members = tuple(tuple(people) for people in groups.values())
    type_of = {people[0]: index for index, people in enumerate(type_members)}
    columns = [person_rows[people[0]] for people in type_members]
    matrix = _membership_matrix(columns, len(quotas))
    household_groups = tuple(
        tuple(type_of[person] for person in people) for people in shared.values()
    )
    return Problem(
        pool_size=pool.size,
        panel_size=panel_size,
        quotas=tuple(quotas),
        type_members=type_members,
        type_counts=np.array([len(p) for p in type_members], dtype=np.int64),
        value_matrix=matrix,
        quota_min=np.array([q.min for q in quotas], dtype=np.int64),
        quota_max=np.array([q.max for q in quotas], dtype=np.int64),
        household_groups=household_groups,
    )


def _membership_matrix(columns: Sequence[Sequence[int]], rows: int) -> sparse.csr_matrix:
    row_index = [row for column in columns for row in column]
    col_index = [col for col, column in enumerate(columns) for _ in column]
    data = np.ones(len(row_index))
    return sparse.csr_matrix((data, (row_index, col_index)), shape=(rows, len(columns)))


def profile_violations(problem: Problem, profile: IntArray) -> list[str]:
    """Every way a type-count profile breaks the rules (empty when it is a valid panel)."""
    problems: list[str] = []
    if int(profile.sum()) != problem.panel_size:
        problems.append(f"panel has {int(profile.sum())} members, not {problem.panel_size}")
    if np.any(profile < 0) or np.any(profile > problem.type_counts):
        problems.append("panel uses more people of one kind than the pool holds")
    counts = problem.value_matrix @ profile
    for row, quota in enumerate(problem.quotas):
        if not quota.min <= counts[row] <= quota.max:
            problems.append(
                f"{quota.category}={quota.value}: {int(counts[row])} outside [{quota.min}, {quota.max}]"
            )
    for group in problem.household_groups:
        if int(profile[list(group)].sum()) > 1:
            problems.append("two members of one household")
    return problems
