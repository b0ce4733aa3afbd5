"""Change of mind between a "before" and an "after" question, for the same citizens.

Each citizen who answered both questions is one pair. For every option, the share that
chose it after minus the share that chose it before is a difference of two proportions
measured on the same people, so their answers are correlated and the usual interval for
two independent samples is wrong. The interval here is Newcombe's hybrid score interval
for paired data (Newcombe 1998, Statistics in Medicine 17:2635-2650, method 10): the
Wilson score intervals of the two shares, combined with the phi correlation of the
paired 2x2 table. It stays inside [-1, 1] and keeps its coverage for the small sites of
a dialogue, where the Wald interval of McNemar's test does not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .statistics import wilson_interval

METHOD = "newcombe-paired-score"


@dataclass(frozen=True)
class PairedTable:
    """The paired 2x2 table of one option: how many chose it before and/or after."""

    both: int  # chose it before and after
    before_only: int  # chose it before, not after
    after_only: int  # chose it after, not before
    neither: int

    @property
    def pairs(self) -> int:
        return self.both + self.before_only + self.after_only + self.neither


@dataclass(frozen=True)
class PairedChange:
    option: str
    pairs: int
    before: float  # share that chose the option before
    after: float  # share that chose it after
    change: float  # after - before
    low: float
    high: float


def paired_table(
    before: Mapping[str, Iterable[str]], after: Mapping[str, Iterable[str]], option: str
) -> PairedTable:
    """Counts over the citizens (keys: pseudonyms) who answered both questions."""
    both = before_only = after_only = neither = 0
    for person in sorted(before.keys() & after.keys()):
        chose_before, chose_after = option in set(before[person]), option in set(after[person])
        both += chose_before and chose_after
        before_only += chose_before and not chose_after
        after_only += chose_after and not chose_before
        neither += not chose_before and not chose_after
    return PairedTable(both, before_only, after_only, neither)


def newcombe_paired_interval(
    table: PairedTable, *, confidence: float = 0.95
) -> tuple[float, float, float]:
    """(after - before, low, high) by Newcombe's method 10; NaNs when there are no pairs."""
    n = table.pairs
    if n == 0:
        return math.nan, math.nan, math.nan
    a, b, c, d = table.both, table.before_only, table.after_only, table.neither
    after, before = (a + c) / n, (a + b) / n
    (low_after, low_before), (high_after, high_before) = wilson_interval(
        np.array([a + c, a + b], np.float64), np.array([n, n], np.float64), confidence=confidence
    )
    phi = _phi(a, b, c, d)
    below = math.sqrt(
        max(
            (after - low_after) ** 2
            - 2 * phi * (after - low_after) * (high_before - before)
            + (high_before - before) ** 2,
            0.0,
        )
    )
    above = math.sqrt(
        max(
            (high_after - after) ** 2
            - 2 * phi * (high_after - after) * (before - low_before)
            + (before - low_before) ** 2,
            0.0,
        )
    )
    change = after - before
    return change, max(change - below, -1.0), min(change + above, 1.0)


def _phi(a: int, b: int, c: int, d: int) -> float:
    """Correlation of the two answers; 0 where a margin is empty (Newcombe's convention)."""
    denominator = (a + b) * (c + d) * (a + c) * (b + d)
    if denominator == 0:
        return 0.0
    return (a * d - b * c) / math.sqrt(denominator)


def paired_changes(
    before: Mapping[str, Iterable[str]],
    after: Mapping[str, Iterable[str]],
    options: Iterable[str],
    *,
    confidence: float = 0.95,
) -> list[PairedChange]:
    """For each option, its share before and after among the same citizens, the change
    and its paired interval. `before` and `after` map a pseudonym to the options chosen."""
    before_sets = {person: set(chosen) for person, chosen in before.items()}
    after_sets = {person: set(chosen) for person, chosen in after.items()}
    changes = []
    for option in options:
        table = paired_table(before_sets, after_sets, option)
        change, low, high = newcombe_paired_interval(table, confidence=confidence)
        n = table.pairs
        changes.append(
            PairedChange(
                option=option,
                pairs=n,
                before=(table.both + table.before_only) / n if n else math.nan,
                after=(table.both + table.after_only) / n if n else math.nan,
                change=change,
                low=low,
                high=high,
            )
        )
    return changes
