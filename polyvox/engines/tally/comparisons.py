"""A unit (site, country, region, ...) against the rest of the participants."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .answers import Answers, FloatArray
from .levels import grouping
from .shares import group_counts
from .statistics import two_proportion_z_test, wilson_interval
from .tallies import SiteTallies, tally_sites


@dataclass(frozen=True)
class ComparisonTable:
    """Pooled shares of each group against everyone outside it, as (groups x items) arrays.

    `difference` = share - rest_share; `z` and `p_value` come from a two-proportion
    z-test. Multiple-choice items are compared option by option, like single choices.
    """

    level: str
    groups: list[str]
    questions: list[str]
    item_question: Sequence[int]
    options: list[str]
    count: FloatArray
    n: FloatArray
    share: FloatArray
    low: FloatArray  # Wilson 95% interval of the share
    high: FloatArray
    rest_count: FloatArray
    rest_n: FloatArray
    rest_share: FloatArray
    difference: FloatArray
    z: FloatArray
    p_value: FloatArray


def compare_units(
    answers: Answers,
    *,
    level: str,
    options_by_question: Mapping[str, Sequence[str]] | None = None,
    tallies: SiteTallies | None = None,
) -> ComparisonTable:
    tallies = tallies or tally_sites(answers, options_by_question)
    groups = grouping(tallies, level)
    count, n = group_counts(tallies, groups)
    rest_count = count.sum(axis=0) - count
    rest_n = n.sum(axis=0) - n
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n > 0, count / n, np.nan)
        rest_share = np.where(rest_n > 0, rest_count / rest_n, np.nan)
    low, high = wilson_interval(count, n)
    z, p_value = two_proportion_z_test(count, n, rest_count, rest_n)
    return ComparisonTable(
        level=level,
        groups=groups.labels,
        questions=tallies.items.questions,
        item_question=tallies.items.item_question.tolist(),
        options=tallies.items.options,
        count=count,
        n=n,
        share=share,
        low=low,
        high=high,
        rest_count=rest_count,
        rest_n=rest_n,
        rest_share=rest_share,
        difference=share - rest_share,
        z=z,
        p_value=p_value,
    )
