"""Items: the (question, option) pairs a tally reports, in a fixed order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .answers import Answers, IntArray
from .errors import TallyInputError


@dataclass(frozen=True)
class Items:
    """Every option of every question; `row_item` maps each answer row to its item."""

    questions: list[str]  # question labels, in report order
    item_question: IntArray  # question index (into `questions`) of each item
    options: list[str]  # option label of each item
    row_item: IntArray  # item index of each answer row
    row_question: IntArray  # question index of each answer row

    @property
    def size(self) -> int:
        return len(self.options)


def build_items(
    answers: Answers, options_by_question: Mapping[str, Sequence[str]] | None = None
) -> Items:
    """Options seen anywhere for a question define its option set, unless given.

    Given option lists keep their order (the designed order of the ballot) and may hold
    options nobody chose; a question missing from them falls back to the options seen.
    """
    given = dict(options_by_question or {})
    seen = _options_seen(answers)
    questions = list(given) + [q for q in answers.question.labels if q not in given]
    pairs = [(q, o) for q in questions for o in (given[q] if q in given else seen[q])]
    item_of = {pair: index for index, pair in enumerate(pairs)}
    question_of = {q: index for index, q in enumerate(questions)}
    option_labels = answers.option.labels
    # A lookup table over the answers' own (question, option) codes keeps the per-row step vectorised.
    lookup = np.full((len(answers.question.labels), len(option_labels)), -1, np.int64)
    for q_code, q in enumerate(answers.question.labels):
        for o_code, o in enumerate(option_labels):
            lookup[q_code, o_code] = item_of.get((q, o), -1)
    row_item = lookup[answers.question.codes, answers.option.codes]
    _refuse_unknown_options(answers, row_item)
    question_remap = np.array([question_of[q] for q in answers.question.labels], np.int64)
    return Items(
        questions=questions,
        item_question=np.array([question_of[q] for q, _ in pairs], np.int64),
        options=[o for _, o in pairs],
        row_item=row_item,
        row_question=question_remap[answers.question.codes]
        if len(question_remap)
        else np.zeros(0, np.int64),
    )


def _options_seen(answers: Answers) -> dict[str, list[str]]:
    option_count = len(answers.option.labels)
    keys = np.unique(answers.question.codes * option_count + answers.option.codes)
    seen: dict[str, list[str]] = {q: [] for q in answers.question.labels}
    for key in keys.tolist():
        question = answers.question.labels[key // option_count]
        seen[question].append(answers.option.labels[key % option_count])
    return seen


def _refuse_unknown_options(answers: Answers, row_item: IntArray) -> None:
    unknown = np.flatnonzero(row_item < 0)
    if len(unknown):
        row = int(unknown[0])
        question = answers.question.labels[answers.question.codes[row]]
        option = answers.option.labels[answers.option.codes[row]]
        raise TallyInputError(
            f"option {option!r} is not one of the options of question {question!r}",
            row=row,
            column="option",
        )
