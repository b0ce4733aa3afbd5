"""Shares per level, group, question and option, under three labelled weightings.

- pooled: every citizen counts once; share = people who chose the option / people who
  answered the question in the group. The headline figure at every level.
- country_equal: the mean of the group's country shares, so a country with three sites
  weighs no more than one with a single site. Only for levels made of whole countries.
- population_weighted: country shares weighted by the populations given as input.

Multiple-choice questions: n counts participants, so shares may sum above 1. A group
where nobody answered a question reports n = 0 and share NaN (empty in files).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .answers import Answers, FloatArray, IntArray
from .errors import TallyInputError
from .levels import ABOVE_COUNTRY, ALL_LEVELS, COUNTRY, Grouping, grouping
from .tallies import SiteTallies, tally_sites

POOLED = "pooled"
COUNTRY_EQUAL = "country_equal"
POPULATION_WEIGHTED = "population_weighted"


@dataclass(frozen=True)
class ShareRow:
    level: str
    group: str
    question: str
    option: str
    weighting: str
    count: int | None  # people who chose the option (pooled only)
    n: int | None  # people who answered the question (pooled only)
    share: float  # NaN where n is 0


@dataclass(frozen=True)
class ShareTable:
    """One level and weighting as a dense (groups x items) block, for fast output."""

    level: str
    weighting: str
    groups: list[str]
    questions: list[str]
    item_question: IntArray
    options: list[str]
    count: FloatArray | None  # (groups, items), None for the country-mean weightings
    n: FloatArray | None  # (groups, items): respondents to the item's question
    share: FloatArray  # (groups, items)

    def rows(self) -> Iterator[ShareRow]:
        for group_index, group in enumerate(self.groups):
            for item, option in enumerate(self.options):
                yield ShareRow(
                    level=self.level,
                    group=group,
                    question=self.questions[self.item_question[item]],
                    option=option,
                    weighting=self.weighting,
                    count=_whole(self.count, group_index, item),
                    n=_whole(self.n, group_index, item),
                    share=float(self.share[group_index, item]),
                )


def _whole(values: FloatArray | None, group: int, item: int) -> int | None:
    return None if values is None else round(float(values[group, item]))


def compute_shares(
    answers: Answers,
    *,
    options_by_question: Mapping[str, Sequence[str]] | None = None,
    populations: Mapping[str, float] | None = None,
    levels: Sequence[str] = ALL_LEVELS,
) -> list[ShareRow]:
    """Every share as a flat list of rows (see `compute_share_tables` for the arrays)."""
    tables = compute_share_tables(
        answers, options_by_question=options_by_question, populations=populations, levels=levels
    )
    return [row for table in tables for row in table.rows()]


def compute_share_tables(
    answers: Answers,
    *,
    options_by_question: Mapping[str, Sequence[str]] | None = None,
    populations: Mapping[str, float] | None = None,
    levels: Sequence[str] = ALL_LEVELS,
    tallies: SiteTallies | None = None,
) -> list[ShareTable]:
    """Pooled shares at every level; country means at the levels made of whole countries."""
    tallies = tallies or tally_sites(answers, options_by_question)
    country_weights = _population_weights(tallies, populations) if populations is not None else None
    tables = []
    for level in levels:
        groups = grouping(tallies, level)
        tables.append(pooled_table(tallies, groups))
        if level in ABOVE_COUNTRY:
            equal = np.ones(len(tallies.countries))
            tables.append(country_mean_table(tallies, groups, equal, COUNTRY_EQUAL))
            if country_weights is not None:
                table = country_mean_table(tallies, groups, country_weights, POPULATION_WEIGHTED)
                tables.append(table)
    return tables


def group_counts(tallies: SiteTallies, groups: Grouping) -> tuple[FloatArray, FloatArray]:
    """Counts (groups x items) and respondents (groups x items) summed over each group's sites."""
    group_count = len(groups.labels)
    counts = np.zeros((group_count, tallies.items.size))
    respondents = np.zeros((group_count, len(tallies.items.questions)))
    np.add.at(counts, groups.site_group, tallies.counts)
    np.add.at(respondents, groups.site_group, tallies.respondents)
    return counts, respondents[:, tallies.items.item_question]


def pooled_table(tallies: SiteTallies, groups: Grouping) -> ShareTable:
    counts, respondents = group_counts(tallies, groups)
    return _table(tallies, groups, POOLED, _divide(counts, respondents), counts, respondents)


def country_mean_table(
    tallies: SiteTallies, groups: Grouping, country_weights: FloatArray, weighting: str
) -> ShareTable:
    """Weighted mean of country shares within each group, over countries that answered.

    The unit is (country, group) so a country whose sites fall in two groups (possible
    with a region column in the data) contributes its part to each.
    """
    unit_key = tallies.site_country * len(groups.labels) + groups.site_group
    unit_keys, site_unit = np.unique(unit_key, return_inverse=True)
    unit_groups = Grouping(COUNTRY, [str(key) for key in unit_keys], site_unit.astype(np.int64))
    counts, respondents = group_counts(tallies, unit_groups)
    unit_share = _divide(counts, respondents)
    answered = respondents > 0
    unit_weight = np.where(answered, country_weights[unit_keys // len(groups.labels)][:, None], 0.0)
    unit_group = unit_keys % len(groups.labels)
    weighted = np.zeros((len(groups.labels), tallies.items.size))
    total_weight = np.zeros_like(weighted)
    np.add.at(weighted, unit_group, np.where(answered, unit_share, 0.0) * unit_weight)
    np.add.at(total_weight, unit_group, unit_weight)
    return _table(tallies, groups, weighting, _divide(weighted, total_weight), None, None)


def _population_weights(tallies: SiteTallies, populations: Mapping[str, float]) -> FloatArray:
    missing = [country for country in tallies.countries if not populations.get(country)]
    if missing:
        raise TallyInputError(f"no population given for {', '.join(missing)}")
    return np.array([float(populations[country]) for country in tallies.countries])


def _divide(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def _table(
    tallies: SiteTallies,
    groups: Grouping,
    weighting: str,
    share: FloatArray,
    counts: FloatArray | None,
    respondents: FloatArray | None,
) -> ShareTable:
    return ShareTable(
        level=groups.level,
        weighting=weighting,
        groups=groups.labels,
        questions=tallies.items.questions,
        item_question=tallies.items.item_question,
        options=tallies.items.options,
        count=counts,
        n=respondents,
        share=share,
    )
