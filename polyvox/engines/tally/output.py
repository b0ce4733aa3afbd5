"""Writing tally results as CSV: full-precision shares, empty cells where a value does not apply."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .breakdowns import BreakdownTable
from .comparisons import ComparisonTable
from .scales import ScaleMean
from .shares import ShareTable
from .statistics import wilson_interval

SHARES_HEADER = ("level", "group", "question", "option", "weighting", "count", "n", "share")
INTERVALS_HEADER = ("level", "group", "question", "option", "count", "n", "share", "low", "high")
COMPARISONS_HEADER = (
    *("level", "group", "question", "option", "share", "rest_share"),
    *("difference", "z", "p_value"),
)
BREAKDOWNS_HEADER = (
    *("level", "group", "question", "category", "value", "option"),
    *("count", "n", "share"),
)
SCALES_HEADER = ("level", "group", "question", "n", "mean", "low", "high")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def number_cells(values: np.ndarray | None, size: int) -> list[object]:
    """Floats at full precision (repr), whole numbers as integers, NaN and None as empty."""
    if values is None:
        return [""] * size
    if np.issubdtype(values.dtype, np.integer):
        return list(values.tolist())
    cells: list[object] = values.tolist()
    if np.isnan(values).any():
        cells = ["" if math.isnan(value) else value for value in values.tolist()]
    return cells


def whole_cells(values: np.ndarray | None, size: int) -> list[object]:
    return number_cells(None if values is None else np.rint(values).astype(np.int64), size)


def _label_columns(table: ShareTable | ComparisonTable) -> tuple[list[str], list[str], list[str]]:
    """Group, question and option per row of a (groups x items) block, group-major."""
    item_count = len(table.options)
    questions = [table.questions[q] for q in np.asarray(table.item_question).tolist()]
    groups = [group for group in table.groups for _ in range(item_count)]
    return groups, questions * len(table.groups), table.options * len(table.groups)


def share_rows(table: ShareTable) -> Iterable[Sequence[object]]:
    groups, questions, options = _label_columns(table)
    size = len(groups)
    return zip(
        [table.level] * size,
        groups,
        questions,
        options,
        [table.weighting] * size,
        whole_cells(None if table.count is None else table.count.ravel(), size),
        whole_cells(None if table.n is None else table.n.ravel(), size),
        number_cells(table.share.ravel(), size),
        strict=True,
    )


def interval_rows(table: ShareTable) -> Iterable[Sequence[object]]:
    assert table.count is not None, "intervals need pooled counts"
    assert table.n is not None, "intervals need pooled counts"
    low, high = wilson_interval(table.count.ravel(), table.n.ravel())
    groups, questions, options = _label_columns(table)
    size = len(groups)
    return zip(
        [table.level] * size,
        groups,
        questions,
        options,
        whole_cells(table.count.ravel(), size),
        whole_cells(table.n.ravel(), size),
        number_cells(table.share.ravel(), size),
        number_cells(low, size),
        number_cells(high, size),
        strict=True,
    )


def comparison_rows(table: ComparisonTable) -> Iterable[Sequence[object]]:
    groups, questions, options = _label_columns(table)
    size = len(groups)
    numbers = [table.share, table.rest_share, table.difference, table.z, table.p_value]
    return zip(
        [table.level] * size,
        groups,
        questions,
        options,
        *(number_cells(values.ravel(), size) for values in numbers),
        strict=True,
    )


def breakdown_rows(tables: Iterable[BreakdownTable]) -> Iterable[Sequence[object]]:
    for table in tables:
        for value_index, value in enumerate(table.values):
            for option_index, option in enumerate(table.options):
                count = table.published_count(value_index, option_index)
                share = table.published_share(value_index, option_index)
                yield (
                    *(table.level, table.group, table.question, table.category, value, option),
                    "" if count is None else count,
                    int(table.n[value_index]),
                    "" if share is None else share,
                )


def scale_rows(means: Iterable[ScaleMean]) -> Iterable[Sequence[object]]:
    for mean in means:
        numbers = [mean.mean, mean.low, mean.high]
        yield (
            *(mean.level, mean.group, mean.question, mean.n),
            *("" if math.isnan(value) else value for value in numbers),
        )
