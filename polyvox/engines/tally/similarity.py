""" "Which country are you?": the countries whose citizens answered most like a visitor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .answers import Answers, FloatArray
from .levels import COUNTRY, grouping
from .shares import group_counts
from .tallies import SiteTallies, tally_sites


@dataclass(frozen=True)
class CountryProfiles:
    """Pooled option shares per country; build once, then match many visitors."""

    countries: list[str]
    questions: list[str]
    item_of: dict[tuple[str, str], int]  # (question, option) -> column
    share: FloatArray  # (countries, items), NaN where the country did not answer


@dataclass(frozen=True)
class CountryMatch:
    country: str
    score: float  # mean share of the visitor's choices among the country's citizens
    questions_compared: int


def country_profiles(
    answers: Answers,
    *,
    options_by_question: Mapping[str, Sequence[str]] | None = None,
    tallies: SiteTallies | None = None,
) -> CountryProfiles:
    tallies = tallies or tally_sites(answers, options_by_question)
    counts, respondents = group_counts(tallies, grouping(tallies, COUNTRY))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(respondents > 0, counts / respondents, np.nan)
    items = tallies.items
    item_of = {
        (items.questions[items.item_question[item]], option): item
        for item, option in enumerate(items.options)
    }
    return CountryProfiles(tallies.countries, items.questions, item_of, share)


def which_country_are_you(
    profiles: CountryProfiles,
    visitor_answers: Mapping[str, str | Sequence[str]],
    *,
    top: int = 5,
) -> list[CountryMatch]:
    """Countries ranked by the mean probability that one of their citizens chose as you did.

    For each question the visitor answered, take the share of the country's citizens who
    chose the visitor's option (the mean over the options for a multiple choice), then
    average over questions. Read as "on a typical question, x% of this country's citizens
    answered like you". Unlike a distance between whole distributions it needs no
    weighting of options the visitor did not pick and copes with any number of answers.
    Questions a country did not answer are left out of its mean; options the visitor
    gives that nobody was offered are ignored.
    """
    per_question = [columns for columns in _visitor_columns(profiles, visitor_answers) if columns]
    if not per_question or not profiles.countries:
        return []
    question_scores = np.column_stack(
        [profiles.share[:, columns].mean(axis=1) for columns in per_question]
    )
    answered = ~np.isnan(question_scores)
    compared = answered.sum(axis=1)
    with np.errstate(invalid="ignore"):
        scores = np.where(compared > 0, np.nansum(question_scores, axis=1) / compared, np.nan)
    order = sorted(
        (i for i in range(len(profiles.countries)) if compared[i] > 0),
        key=lambda i: (-scores[i], -compared[i], profiles.countries[i]),
    )
    return [
        CountryMatch(profiles.countries[i], float(scores[i]), int(compared[i])) for i in order[:top]
    ]


def _visitor_columns(
    profiles: CountryProfiles, visitor_answers: Mapping[str, str | Sequence[str]]
) -> list[list[int]]:
    columns = []
    for question, chosen in visitor_answers.items():
        options = [chosen] if isinstance(chosen, str) else list(chosen)
        known = [
            profiles.item_of[(question, o)] for o in options if (question, o) in profiles.item_of
        ]
        columns.append(known)
    return columns
