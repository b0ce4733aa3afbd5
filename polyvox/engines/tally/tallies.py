"""Counts and respondents per site: the one pass over the rows every level builds on.

Sites nest in countries and regions, so every higher level is a sum of site tallies
and the rows are read only once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .answers import Answers, Factor, FloatArray, IntArray
from .countries import UNKNOWN_GROUP, country_attribute
from .errors import TallyInputError
from .items import Items, build_items

# Above this many (participant, question) cells a dense table costs more than a sort.
DENSE_PAIR_LIMIT = 1 << 22


@dataclass(frozen=True)
class SiteTallies:
    items: Items
    sites: list[str]
    countries: list[str]
    site_country: IntArray  # country index of each site
    site_region: Factor  # region of each site (the data's region column, else UN M49)
    counts: FloatArray  # (sites, items): weighted number of people who chose the item
    respondents: FloatArray  # (sites, questions): weighted number of people who answered
    # The caller's groups per level and country (Answers.country_groups).
    country_groups: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def country_group(self, country: str, level: str) -> str:
        """The country's group at a level made of whole countries: the caller's, else the table's."""
        return _group_of(country, level, self.country_groups)


def tally_sites(
    answers: Answers, options_by_question: Mapping[str, Sequence[str]] | None = None
) -> SiteTallies:
    items = build_items(answers, options_by_question)
    site_country = parent_codes(answers.site, answers.country.codes, "country")
    site_count = len(answers.site.labels)
    cells = answers.site.codes * items.size + items.row_item
    weights = None if (answers.count == 1).all() else answers.count  # unweighted is faster
    counts = np.bincount(cells, weights=weights, minlength=site_count * items.size)
    return SiteTallies(
        items=items,
        sites=answers.site.labels,
        countries=answers.country.labels,
        site_country=site_country,
        site_region=_site_regions(answers, site_country),
        counts=np.asarray(counts, np.float64).reshape(site_count, items.size),
        respondents=_respondents(answers, items),
        country_groups=answers.country_groups,
    )


def parent_codes(child: Factor, row_parent: IntArray, parent_name: str) -> IntArray:
    """The one parent code of each child (site -> country); refuse a child with two parents."""
    parent = np.zeros(len(child.labels), np.int64)
    parent[child.codes[::-1]] = row_parent[::-1]  # the first row wins, so a later one is blamed
    mismatch = np.flatnonzero(parent[child.codes] != row_parent)
    if len(mismatch):
        row = int(mismatch[0])
        label = child.labels[child.codes[row]]
        message = f"{label!r} appears with more than one {parent_name}"
        raise TallyInputError(message, row=row, column=parent_name)
    return parent


def _group_of(country: str, level: str, given: Mapping[str, Mapping[str, str]]) -> str:
    """A group the caller gave, even an empty one (unclassified stays unclassified), else
    the shipped table's."""
    groups = given.get(level)
    if groups is not None and country in groups:
        return groups[country] or UNKNOWN_GROUP
    return country_attribute(country, level)


def _site_regions(answers: Answers, site_country: IntArray) -> Factor:
    if answers.region is not None:
        region_codes = parent_codes(answers.site, answers.region.codes, "region")
        return Factor(codes=region_codes, labels=answers.region.labels)
    names = [
        _group_of(country, "region", answers.country_groups) for country in answers.country.labels
    ]
    labels, country_region = np.unique(np.array(names, dtype=str), return_inverse=True)
    codes = country_region[site_country] if len(names) else np.zeros(0, np.int64)
    return Factor(codes=codes.astype(np.int64), labels=[str(label) for label in labels])


def _respondents(answers: Answers, items: Items) -> FloatArray:
    """Weighted respondents per (site, question).

    A participant's rows on one question (several for a multiple-choice question) are
    the same people, so the pair counts once, with its count as weight.
    """
    question_count = len(items.questions)
    participant_site = parent_codes(answers.participant, answers.site.codes, "site")
    pair_key = answers.participant.codes * question_count + items.row_question
    pair_index, pair_count = _factorize_pairs(
        pair_key, len(answers.participant.labels) * question_count
    )
    rows = np.bincount(pair_index, minlength=pair_count)
    if not (answers.count == 1).all():  # ballots weigh 1 each; only tallies need the check
        _refuse_unequal_pair_counts(answers, pair_index, rows)
    if rows.max(initial=0) > 1:
        _refuse_repeated_choices(answers, items, pair_index, rows[pair_index] > 1)
    first_row = np.full(pair_count, -1, np.int64)
    first_row[pair_index[::-1]] = np.arange(len(pair_index))[::-1]
    pair_rows = first_row[first_row >= 0]
    pair_weight = answers.count[pair_rows].astype(np.float64)
    cells = participant_site[answers.participant.codes[pair_rows]] * question_count
    cells += items.row_question[pair_rows]
    site_count = len(answers.site.labels)
    respondents = np.bincount(cells, weights=pair_weight, minlength=site_count * question_count)
    return np.asarray(respondents, np.float64).reshape(site_count, question_count)


def _factorize_pairs(pair_key: IntArray, key_space: int) -> tuple[IntArray, int]:
    """Dense keys index directly; a huge key space is compacted by sorting instead."""
    if key_space <= max(DENSE_PAIR_LIMIT, 2 * len(pair_key)):
        return pair_key, key_space
    unique_keys, inverse = np.unique(pair_key, return_inverse=True)
    return inverse.astype(np.int64), len(unique_keys)


def _refuse_unequal_pair_counts(answers: Answers, pair_index: IntArray, rows: IntArray) -> None:
    weights = answers.count.astype(np.float64)
    total = np.bincount(pair_index, weights=weights, minlength=len(rows))
    squares = np.bincount(pair_index, weights=weights * weights, minlength=len(rows))
    # Equal counts within a pair iff sum(c^2) * rows == sum(c)^2 (Cauchy-Schwarz equality).
    unequal = squares * rows != total * total
    bad_rows = np.flatnonzero(unequal[pair_index])
    if len(bad_rows):
        row = int(bad_rows[0])
        participant = answers.participant.labels[answers.participant.codes[row]]
        question = answers.question.labels[answers.question.codes[row]]
        raise TallyInputError(
            f"participant {participant!r} has rows with different counts on question "
            f"{question!r}; rows of one participant on one question stand for the same "
            "people, so a paper tally needs one participant id per counted option",
            row=row,
            column="count",
        )


def _refuse_repeated_choices(
    answers: Answers, items: Items, pair_index: IntArray, in_multi_row_pair: npt.NDArray[np.bool_]
) -> None:
    """A participant choosing the same option twice would count twice in the count but once in n."""
    rows = np.flatnonzero(in_multi_row_pair)  # only multiple-choice rows can repeat
    if len(rows) == 0:
        return
    keys = pair_index[rows] * items.size + items.row_item[rows]
    order = np.argsort(keys, kind="stable")
    repeated = np.flatnonzero(keys[order][1:] == keys[order][:-1])
    if len(repeated):
        row = int(rows[order[repeated[0] + 1]])
        participant = answers.participant.labels[answers.participant.codes[row]]
        option = answers.option.labels[answers.option.codes[row]]
        question = answers.question.labels[answers.question.codes[row]]
        raise TallyInputError(
            f"participant {participant!r} chose option {option!r} of question {question!r} twice",
            row=row,
            column="option",
        )
