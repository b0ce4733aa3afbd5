"""Answers as column arrays: the single input every tally function reads.

Each row is one chosen option: an individual ballot, or a counted paper tally whose
`count` says how many people it stands for. Rows of one participant on one question
stand for the same people, so they must carry the same count; a paper tally therefore
gives each counted option its own participant id (e.g. `paper:lyon:q1:yes`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Factor:
    """A string column stored as integer codes into a list of distinct labels."""

    codes: IntArray
    labels: list[str]

    def __len__(self) -> int:
        return len(self.codes)


def factorize(values: Sequence[str] | npt.NDArray[np.str_]) -> Factor:
    """Codes in sorted-label order, so the same data always gives the same codes."""
    texts = values.tolist() if isinstance(values, np.ndarray) else values
    # A dict finds the few distinct labels in one pass, far faster than sorting strings.
    labels = sorted(dict.fromkeys(texts))
    code_of = {label: code for code, label in enumerate(labels)}
    codes = np.fromiter(map(code_of.__getitem__, texts), np.int64, count=len(texts))
    return Factor(codes=codes, labels=[str(label) for label in labels])


@dataclass(frozen=True)
class Answers:
    """One row per chosen option; every Factor has one code per row.

    `region` is the region column of the data (optional): when absent, the region of a
    row is derived from its country's UN M49 region. `categories` holds demographic
    columns (age band, gender, ...) for breakdowns. `country_groups` gives, per level
    (region, subregion, income_group), a country's group where the caller has its own
    reference values (e.g. those frozen when results were published); the shipped table
    fills in the rest.
    """

    participant: Factor
    site: Factor
    country: Factor
    question: Factor
    option: Factor
    count: IntArray
    region: Factor | None = None
    categories: Mapping[str, Factor] = field(default_factory=dict)
    country_groups: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.count)

    @classmethod
    def from_columns(
        cls,
        *,
        participant: Sequence[str],
        site: Sequence[str],
        country: Sequence[str],
        question: Sequence[str],
        option: Sequence[str],
        count: Sequence[int] | IntArray | None = None,
        region: Sequence[str] | None = None,
        categories: Mapping[str, Sequence[str]] | None = None,
    ) -> Answers:
        counts = np.ones(len(participant), np.int64) if count is None else np.asarray(count)
        answers = cls(
            participant=factorize(participant),
            site=factorize(site),
            country=factorize(country),
            question=factorize(question),
            option=factorize(option),
            count=counts.astype(np.int64),
            region=None if region is None else factorize(region),
            categories={name: factorize(column) for name, column in (categories or {}).items()},
        )
        answers.check()
        return answers

    def check(self) -> None:
        """Refuse columns of unequal length and negative counts."""
        factors = [self.participant, self.site, self.country, self.question, self.option]
        factors += [self.region] if self.region is not None else []
        factors += list(self.categories.values())
        if any(len(factor) != len(self.count) for factor in factors):
            raise ValueError("answer columns have different lengths")
        if len(self.count) and self.count.min() < 0:
            raise ValueError("counts must not be negative")
