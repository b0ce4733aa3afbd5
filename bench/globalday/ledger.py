"""What the simulated citizens were told, and its comparison with what the database holds.
No I/O here: tests/bench/test_globalday_ledger.py checks the accounting on small examples.

A ballot is *acknowledged* when the server answered 200 or 201: that answer must then be in
the database, exactly once, with the citizen's option. A ballot that got no answer (5xx,
lost connection, timeout) is sent again with the same Idempotency-Key until it is answered;
if the answer is a refusal (the session closed meanwhile), nobody knows whether an earlier
attempt was stored: it is *unsettled*, allowed either way, and reported.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

Pair = tuple[str, int]  # (voting code, question id)
StoredRow = tuple[str, int, int | None, str]  # (code, question, option, request key)


@dataclass
class Ledger:
    acknowledged: dict[Pair, tuple[int, str]] = field(default_factory=dict)  # option, key
    unsettled: set[Pair] = field(default_factory=set)
    refused: Counter[str] = field(default_factory=Counter)  # by status

    def acknowledge(self, pair: Pair, option: int, key: str) -> None:
        self.acknowledged[pair] = (option, key)
        self.unsettled.discard(pair)

    def unsettle(self, pair: Pair) -> None:
        if pair not in self.acknowledged:
            self.unsettled.add(pair)


@dataclass(frozen=True)
class Accounting:
    acknowledged: int
    stored: int
    lost: int  # acknowledged, not in the database
    wrong_option: int  # acknowledged, stored with another option
    stored_twice: int  # pairs with more than one row
    stored_never_acknowledged: int  # neither acknowledged nor unsettled, yet stored
    unsettled_stored: int
    unsettled_not_stored: int

    @property
    def intact(self) -> bool:
        return (
            self.lost == self.wrong_option == self.stored_twice == 0
            and self.stored_never_acknowledged == 0
        )


def account(ledger: Ledger, rows: Iterable[StoredRow]) -> Accounting:
    per_pair: Counter[Pair] = Counter()
    option_of: dict[Pair, int | None] = {}
    for code, question, option, _key in rows:
        per_pair[(code, question)] += 1
        option_of[(code, question)] = option
    return Accounting(
        acknowledged=len(ledger.acknowledged),
        stored=sum(per_pair.values()),
        lost=sum(1 for pair in ledger.acknowledged if pair not in per_pair),
        wrong_option=sum(
            1
            for pair, (option, _key) in ledger.acknowledged.items()
            if pair in option_of and option_of[pair] != option
        ),
        stored_twice=sum(1 for n in per_pair.values() if n > 1),
        stored_never_acknowledged=sum(
            1
            for pair in per_pair
            if pair not in ledger.acknowledged and pair not in ledger.unsettled
        ),
        unsettled_stored=sum(1 for pair in ledger.unsettled if pair in per_pair),
        unsettled_not_stored=sum(1 for pair in ledger.unsettled if pair not in per_pair),
    )


Counts = dict[int, dict[int, int]]  # question -> option -> answers


def counts(choices: Iterable[tuple[int, int | None]]) -> Counts:
    """(question, option) pairs to counts per question and option."""
    result: defaultdict[int, Counter[int]] = defaultdict(Counter)
    for question, option in choices:
        if option is not None:
            result[question][option] += 1
    return {question: dict(per_option) for question, per_option in result.items()}


def expected_counts(ledger: Ledger, rows: Iterable[StoredRow]) -> Counts:
    """What the database should count: every acknowledged ballot, plus the unsettled ones
    it turned out to have stored (with the option stored)."""
    found_unsettled = [
        (question, option)
        for code, question, option, _key in rows
        if (code, question) in ledger.unsettled
    ]
    acknowledged = [
        (question, option) for (_code, question), (option, _key) in ledger.acknowledged.items()
    ]
    return counts(acknowledged + found_unsettled)


def differences(expected: Counts, got: Counts) -> list[str]:
    """Every (question, option) whose count differs, zero counts and absent ones alike."""
    found = []
    for question in sorted(expected.keys() | got.keys()):
        want, have = expected.get(question, {}), got.get(question, {})
        for option in sorted(want.keys() | have.keys()):
            if want.get(option, 0) != have.get(option, 0):
                found.append(
                    f"question {question} option {option}: "
                    f"{want.get(option, 0)} expected, {have.get(option, 0)} found"
                )
    return found


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(len(ordered), rank) - 1]
