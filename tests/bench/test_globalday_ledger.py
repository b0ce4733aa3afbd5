"""The global-day simulation's accounting (bench/globalday/ledger.py): what counts as lost,
as counted twice, as unsettled, and when the results agree. CI fails on these figures, so
they must be right on small examples where the answer is known."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest


def _ledger_module() -> Any:
    path = Path(__file__).resolve().parents[2] / "bench" / "globalday" / "ledger.py"
    spec = importlib.util.spec_from_file_location("bench_globalday_ledger", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


ledger = _ledger_module()


def day_ledger() -> Any:
    """Three acknowledged ballots and one unsettled (unanswered, then refused as closed)."""
    book = ledger.Ledger()
    book.acknowledge(("ANNA", 1), 11, "ANNA-1")
    book.acknowledge(("ANNA", 2), 21, "ANNA-2")
    book.acknowledge(("BORIS", 1), 12, "BORIS-1")
    book.unsettle(("CHLOE", 1))
    return book


def test_every_acknowledged_ballot_stored_once_is_intact() -> None:
    rows = [("ANNA", 1, 11, "ANNA-1"), ("ANNA", 2, 21, "ANNA-2"), ("BORIS", 1, 12, "BORIS-1")]

    accounting = ledger.account(day_ledger(), rows)

    assert accounting.intact
    assert (accounting.acknowledged, accounting.stored, accounting.lost) == (3, 3, 0)
    assert (accounting.unsettled_stored, accounting.unsettled_not_stored) == (0, 1)


def test_an_acknowledged_ballot_missing_is_lost() -> None:
    accounting = ledger.account(day_ledger(), [("ANNA", 1, 11, "ANNA-1")])

    assert accounting.lost == 2
    assert not accounting.intact


def test_a_pair_stored_twice_is_counted_twice() -> None:
    rows = [
        ("ANNA", 1, 11, "ANNA-1"),
        ("ANNA", 1, 11, "ANNA-1"),
        ("ANNA", 2, 21, "ANNA-2"),
        ("BORIS", 1, 12, "BORIS-1"),
    ]

    accounting = ledger.account(day_ledger(), rows)

    assert accounting.stored_twice == 1
    assert not accounting.intact


def test_another_option_or_a_ballot_nobody_was_told_about_is_wrong() -> None:
    rows = [
        ("ANNA", 1, 13, "ANNA-1"),
        ("ANNA", 2, 21, "ANNA-2"),
        ("BORIS", 1, 12, "BORIS-1"),
        ("DAVID", 1, 11, "DAVID-1"),
    ]

    accounting = ledger.account(day_ledger(), rows)

    assert (accounting.wrong_option, accounting.stored_never_acknowledged) == (1, 1)
    assert not accounting.intact


def test_an_unsettled_ballot_may_be_stored_and_then_counts() -> None:
    book = day_ledger()
    rows = [
        ("ANNA", 1, 11, "ANNA-1"),
        ("ANNA", 2, 21, "ANNA-2"),
        ("BORIS", 1, 12, "BORIS-1"),
        ("CHLOE", 1, 12, "CHLOE-1"),
    ]

    accounting = ledger.account(book, rows)
    stored = ledger.counts((question, option) for _code, question, option, _key in rows)

    assert accounting.intact
    assert accounting.unsettled_stored == 1
    assert ledger.differences(ledger.expected_counts(book, rows), stored) == []


def test_an_acknowledgement_settles_an_earlier_unanswered_try() -> None:
    book = ledger.Ledger()
    book.unsettle(("ANNA", 1))
    book.acknowledge(("ANNA", 1), 11, "ANNA-1")
    book.unsettle(("ANNA", 1))  # a later resend refused: the acknowledgement stands

    assert book.unsettled == set()


def test_results_that_differ_name_the_question_and_option() -> None:
    expected = {1: {11: 2, 12: 1}, 2: {21: 1}}
    found = {1: {11: 1, 12: 1, 13: 1}, 2: {21: 1}}

    assert ledger.differences(expected, found) == [
        "question 1 option 11: 2 expected, 1 found",
        "question 1 option 13: 0 expected, 1 found",
    ]
    assert ledger.differences(expected, {2: {21: 1}, 1: {12: 1, 11: 2}}) == []


@pytest.mark.parametrize(
    ("share", "expected"), [(0.5, 5.0), (0.95, 10.0), (0.99, 10.0), (0.1, 1.0)]
)
def test_percentiles_are_nearest_rank(share: float, expected: float) -> None:
    assert ledger.percentile([float(n) for n in range(10, 0, -1)], share) == expected
