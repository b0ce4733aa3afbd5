"""Aggregated recommendation rankings: Borda count, with the approval share beside it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RankedRecommendation:
    recommendation: str
    rank: int  # 1 = first; equal points and approvals share a rank
    borda_points: float  # 0 under approval voting
    approvals: float  # voters (weighted) who ranked or ticked it at all
    approval_share: float  # approvals / voters


def rank_recommendations(
    ballots: Sequence[Sequence[str]],
    *,
    recommendations: Sequence[str] | None = None,
    weights: Sequence[float] | None = None,
) -> list[RankedRecommendation]:
    """Order recommendations by modified Borda count; ties broken by approvals.

    Each ballot lists recommendations, most important first; it may be partial. On a
    ballot ranking k of them, the first gets k points, the next k - 1, ..., the last 1,
    and unranked ones 0 (Emerson's modified Borda count). Why Borda: the final vote
    asks citizens to order recommendations, and Borda uses the whole order, rewards
    broadly supported recommendations over ones that a faction puts first, and is easy
    to explain and to recount by hand. Why the modified form: with plain Borda
    (m - position points) a voter who ranks only one recommendation would hand it as
    many points as a full ranking does, so partial ballots would carry more weight.
    With full rankings it orders exactly as plain Borda. The approval share (people who
    put a recommendation on their ballot at all) is shown beside it, since "76% chose
    it" is the figure a report quotes; when ballots are ticks, not orders, it is the
    ranking to read. `weights` lets a counted paper ballot stand for several people.
    """
    weights = [1.0] * len(ballots) if weights is None else list(weights)
    points: dict[str, float] = dict.fromkeys(recommendations or [], 0.0)
    approvals: dict[str, float] = dict.fromkeys(recommendations or [], 0.0)
    for ballot, weight in zip(ballots, weights, strict=True):
        ranked = list(dict.fromkeys(ballot))  # a repeated entry counts at its first place
        for position, recommendation in enumerate(ranked):
            points[recommendation] = points.get(recommendation, 0.0) + weight * (
                len(ranked) - position
            )
            approvals[recommendation] = approvals.get(recommendation, 0.0) + weight
    voters = sum(weights)
    order = sorted(points, key=lambda r: (-points[r], -approvals.get(r, 0.0), r))
    return _with_ranks(order, points, approvals, voters)


def approve_recommendations(
    ballots: Sequence[Sequence[str]],
    *,
    recommendations: Sequence[str] | None = None,
    counted_approvals: Mapping[str, float] | None = None,
    counted_voters: float = 0.0,
) -> list[RankedRecommendation]:
    """Order recommendations by approval count; equal counts share a rank.

    Each ballot lists the recommendations a citizen approves, any number of them, none
    included. A recommendation's score is how many approve it, its share that number over
    everyone who voted. Why approval: it asks only "which of these do you support?",
    quick on paper and on a phone, and counted by hand without error; a citizen never has
    to order texts they find equally good, and the result reads directly as "76 % support
    it", the figure a report quotes. It ignores intensity (Borda's strength), so the
    ranking method stays the default where citizens can order the texts carefully.
    `counted_approvals` and `counted_voters` add hand-counted paper ballots.
    """
    approvals: dict[str, float] = dict.fromkeys(recommendations or [], 0.0)
    for ballot in ballots:
        for recommendation in set(ballot):  # ticking twice is still one approval
            approvals[recommendation] = approvals.get(recommendation, 0.0) + 1.0
    for recommendation, count in (counted_approvals or {}).items():
        approvals[recommendation] = approvals.get(recommendation, 0.0) + count
    voters = len(ballots) + counted_voters
    order = sorted(approvals, key=lambda r: (-approvals[r], r))
    ranked: list[RankedRecommendation] = []
    for position, recommendation in enumerate(order):
        previous = ranked[-1] if ranked else None
        tied = previous is not None and previous.approvals == approvals[recommendation]
        ranked.append(
            RankedRecommendation(
                recommendation=recommendation,
                rank=previous.rank if tied and previous else position + 1,
                borda_points=0.0,
                approvals=approvals[recommendation],
                approval_share=approvals[recommendation] / voters if voters else 0.0,
            )
        )
    return ranked


def _with_ranks(
    order: list[str], points: dict[str, float], approvals: dict[str, float], voters: float
) -> list[RankedRecommendation]:
    ranked: list[RankedRecommendation] = []
    for position, recommendation in enumerate(order):
        key = (points[recommendation], approvals.get(recommendation, 0.0))
        previous = ranked[-1] if ranked else None
        tied = previous is not None and (previous.borda_points, previous.approvals) == key
        ranked.append(
            RankedRecommendation(
                recommendation=recommendation,
                rank=previous.rank if tied and previous else position + 1,
                borda_points=points[recommendation],
                approvals=approvals.get(recommendation, 0.0),
                approval_share=approvals.get(recommendation, 0.0) / voters if voters else 0.0,
            )
        )
    return ranked
