"""Shares by demographic category (age band, gender, ...) with small-cell suppression.

Each (group, question) gives a table of category values x options, published with its
totals: people per category value (n) and people per option. Suppression protects each
table on its own; a site table and the country table holding the same people are not
protected against each other (differencing across levels). Where the answers come from
k-anonymous microdata that is published too (the results app), cells are not suppressed
(`threshold=0`): every cell can be recounted from that microdata, whose groups of at least
k people are the protection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .answers import Answers, Factor, FloatArray, IntArray
from .levels import grouping
from .suppression import SMALL_CELL_THRESHOLD, BoolArray, suppress_small_cells
from .tallies import SiteTallies, parent_codes, tally_sites


@dataclass(frozen=True)
class BreakdownTable:
    level: str
    group: str
    question: str
    category: str
    values: list[str]  # category values: the table's rows
    options: list[str]  # the table's columns
    n: IntArray  # people per category value who answered the question
    option_totals: IntArray  # people per option, all category values together
    counts: IntArray  # (values x options); read through `published_count` for publication
    hidden: BoolArray
    withheld: bool  # no protecting pattern exists: publish totals only

    def published_count(self, value: int, option: int) -> int | None:
        if self.withheld or self.hidden[value, option]:
            return None
        return int(self.counts[value, option])

    def published_share(self, value: int, option: int) -> float | None:
        count = self.published_count(value, option)
        return None if count is None or self.n[value] == 0 else count / int(self.n[value])


def compute_breakdowns(
    answers: Answers,
    *,
    category: str,
    levels: Sequence[str],
    options_by_question: Mapping[str, Sequence[str]] | None = None,
    threshold: int = SMALL_CELL_THRESHOLD,
) -> list[BreakdownTable]:
    """One suppressed table per level, group and question; empty category values dropped.
    Cells under `threshold` are hidden, with complementary cells (suppression.py)."""
    values = answers.categories[category]
    parent_codes(answers.participant, values.codes, category)  # one value per participant
    cell_tallies = tally_sites(_split_sites_by(answers, values), options_by_question)
    site_tallies = tally_sites(answers, options_by_question)
    tables = []
    for level in levels:
        tables += _level_tables(site_tallies, cell_tallies, values, category, level, threshold)
    return tables


def _split_sites_by(answers: Answers, values: Factor) -> Answers:
    """Answers whose 'sites' are (site, category value) cells, so tallies nest as before."""
    value_count = len(values.labels)
    labels = [f"{site}\x1f{value}" for site in answers.site.labels for value in values.labels]
    cell = Factor(codes=answers.site.codes * value_count + values.codes, labels=labels)
    return Answers(
        participant=answers.participant,
        site=cell,
        country=answers.country,
        question=answers.question,
        option=answers.option,
        count=answers.count,
        region=answers.region,
        country_groups=answers.country_groups,
    )


@dataclass(frozen=True)
class _GroupCells:
    """One group's counts by category value, before choosing a question."""

    level: str
    group: str
    category: str
    values: list[str]
    counts: IntArray  # (values x items)
    respondents: IntArray  # (values x questions)


def _level_tables(
    site_tallies: SiteTallies,
    cell_tallies: SiteTallies,
    values: Factor,
    category: str,
    level: str,
    threshold: int,
) -> list[BreakdownTable]:
    groups = grouping(site_tallies, level)
    value_count = len(values.labels)
    cell_group = np.repeat(groups.site_group, value_count) * value_count
    cell_group += np.tile(np.arange(value_count), len(site_tallies.sites))
    counts = _sum_rows(cell_tallies.counts, cell_group, len(groups.labels) * value_count)
    respondents = _sum_rows(cell_tallies.respondents, cell_group, len(groups.labels) * value_count)
    tables = []
    for group_index, group in enumerate(groups.labels):
        block = slice(group_index * value_count, (group_index + 1) * value_count)
        cells = _GroupCells(
            level=level,
            group=group,
            category=category,
            values=values.labels,
            counts=np.rint(counts[block]).astype(np.int64),
            respondents=np.rint(respondents[block]).astype(np.int64),
        )
        for question_index in range(len(site_tallies.items.questions)):
            table = _question_table(cells, site_tallies, question_index, threshold)
            tables += [table] if table is not None else []
    return tables


def _question_table(
    cells: _GroupCells, tallies: SiteTallies, question_index: int, threshold: int
) -> BreakdownTable | None:
    """The question's columns and the category values that answered it, suppressed."""
    columns = np.flatnonzero(tallies.items.item_question == question_index)
    n = cells.respondents[:, question_index]
    present = np.flatnonzero(n > 0)
    if len(present) == 0:
        return None
    counts = cells.counts[:, columns]
    suppression = suppress_small_cells(counts[present], threshold=threshold)
    return BreakdownTable(
        level=cells.level,
        group=cells.group,
        question=tallies.items.questions[question_index],
        category=cells.category,
        values=[cells.values[i] for i in present],
        options=[tallies.items.options[i] for i in columns],
        n=n[present],
        option_totals=counts.sum(axis=0),
        counts=counts[present],
        hidden=suppression.hidden,
        withheld=suppression.withheld,
    )


def _sum_rows(values: FloatArray, row_group: IntArray, group_count: int) -> FloatArray:
    total = np.zeros((group_count, values.shape[1]))
    np.add.at(total, row_group, values)
    return total
