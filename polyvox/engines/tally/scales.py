"""Means of scale questions (e.g. 1 = strongly disagree ... 5 = strongly agree)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .answers import Answers
from .levels import grouping
from .shares import group_counts
from .tallies import SiteTallies, tally_sites


@dataclass(frozen=True)
class ScaleMean:
    level: str
    group: str
    question: str
    n: int
    mean: float  # NaN when n is 0
    low: float  # 95% interval (Student t); NaN when n < 2
    high: float


def scale_means(
    answers: Answers,
    *,
    levels: Sequence[str],
    values_by_question: Mapping[str, Mapping[str, float]] | None = None,
    options_by_question: Mapping[str, Sequence[str]] | None = None,
    tallies: SiteTallies | None = None,
) -> list[ScaleMean]:
    """Count-weighted mean per group for each scale question.

    Scale questions are those in `values_by_question` (option -> value) or, when it is
    not given, the questions whose options all read as numbers.
    """
    tallies = tallies or tally_sites(answers, options_by_question)
    values = values_by_question or _numeric_questions(tallies)
    results = []
    for level in levels:
        groups = grouping(tallies, level)
        counts, _ = group_counts(tallies, groups)
        for question, option_values in values.items():
            columns, scale = _scale_columns(tallies, question, option_values)
            for group_index, group in enumerate(groups.labels):
                weights = counts[group_index, columns]
                results.append(_weighted_mean(level, group, question, weights, scale))
    return results


def _numeric_questions(tallies: SiteTallies) -> dict[str, dict[str, float]]:
    by_question: dict[str, dict[str, float]] = {}
    for item, option in enumerate(tallies.items.options):
        question = tallies.items.questions[tallies.items.item_question[item]]
        by_question.setdefault(question, {})[option] = _number_or_nan(option)
    return {q: v for q, v in by_question.items() if not np.isnan(list(v.values())).any()}


def _number_or_nan(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _scale_columns(
    tallies: SiteTallies, question: str, option_values: Mapping[str, float]
) -> tuple[list[int], np.ndarray]:
    question_index = tallies.items.questions.index(question)
    columns = [
        item
        for item, option in enumerate(tallies.items.options)
        if tallies.items.item_question[item] == question_index and option in option_values
    ]
    scale = np.array([option_values[tallies.items.options[item]] for item in columns], np.float64)
    return columns, scale


def _weighted_mean(
    level: str, group: str, question: str, weights: np.ndarray, scale: np.ndarray
) -> ScaleMean:
    n = float(weights.sum())
    if n == 0:
        return ScaleMean(level, group, question, 0, float("nan"), float("nan"), float("nan"))
    mean = float(weights @ scale / n)
    if n < 2:
        return ScaleMean(level, group, question, round(n), mean, float("nan"), float("nan"))
    variance = float(weights @ (scale - mean) ** 2 / (n - 1))
    from scipy.special import stdtrit  # imported here: only scale means need scipy

    half_width = float(stdtrit(n - 1, 0.975)) * (variance / n) ** 0.5
    return ScaleMean(level, group, question, round(n), mean, mean - half_width, mean + half_width)
