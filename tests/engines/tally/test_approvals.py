"""Approval voting on recommendations: counts, shares, shared ranks, paper ballots added."""

from __future__ import annotations

from polyvox.engines.tally import approve_recommendations


def test_it_orders_by_approvals_and_shares_rank_on_equal_counts() -> None:
    ranked = approve_recommendations(
        [["A", "B"], ["B"], ["B", "C"], []], recommendations=["A", "B", "C", "D"]
    )
    assert [(r.recommendation, r.rank, r.approvals) for r in ranked] == [
        ("B", 1, 3.0),
        ("A", 2, 1.0),
        ("C", 2, 1.0),
        ("D", 4, 0.0),
    ]
    # An empty ballot is a voter who supports none: shares are over all four.
    assert ranked[0].approval_share == 0.75


def test_a_repeated_tick_is_one_approval() -> None:
    (only,) = approve_recommendations([["A", "A"]])
    assert only.approvals == 1.0
    assert only.approval_share == 1.0


def test_hand_counted_paper_ballots_add_to_counts_and_voters() -> None:
    ranked = approve_recommendations(
        [["A"]], recommendations=["A", "B"], counted_approvals={"B": 6}, counted_voters=9
    )
    assert [(r.recommendation, r.approvals, r.approval_share) for r in ranked] == [
        ("B", 6.0, 0.6),
        ("A", 1.0, 0.1),
    ]


def test_no_voters_gives_zero_shares() -> None:
    assert [r.approval_share for r in approve_recommendations([], recommendations=["A"])] == [0.0]
