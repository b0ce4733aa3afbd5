import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from polyvox.engines.opinion import KSmoother, OpinionResult, OpinionState, Votes, compute
from polyvox.engines.opinion.clustering import smooth_k
from polyvox.engines.opinion.formats import read_conversation
from polyvox.engines.opinion.kmeans import WarmStart, polis_kmeans


def group_of(result: OpinionResult) -> dict[int, int | None]:
    return {p.id: p.group for p in result.participants}


def test_it_is_deterministic_for_a_seed(make_votes: Callable[..., Votes]) -> None:
    votes = make_votes(n_participants=80, n_statements=500, seed=3)
    first, second = compute(votes, seed=7), compute(votes, seed=7)
    assert group_of(first) == group_of(second)
    assert [p.x for p in first.participants] == [p.x for p in second.participants]
    assert first.state.to_dict() == second.state.to_dict()


def test_it_finds_planted_camps(make_votes: Callable[..., Votes]) -> None:
    votes = make_votes(n_participants=90, n_statements=20, n_camps=3)
    result = compute(votes)
    assert len(result.groups) == 3
    camps = [p.id % 3 for p in result.participants]
    groups = [p.group for p in result.participants]
    # Votes are noisy (10% flipped, 10% passes), so a few participants may land astray.
    assert adjusted_rand_score(camps, groups) > 0.8


def test_it_never_shows_a_group_of_one(make_votes: Callable[..., Votes]) -> None:
    votes = make_votes(n_participants=40, n_statements=15, seed=1)
    # A lone dissenter who disagrees with everyone on everything.
    loner = Votes.from_lists(
        [*votes.participant_ids.tolist(), *[999] * 15],
        [*votes.statement_ids.tolist(), *range(15)],
        [*votes.values.tolist(), *[-1] * 15],
    )
    for max_k in (2, 3, 5, 8):
        result = compute(loner, max_k=max_k)
        assert result.groups
        assert all(group.size >= 2 for group in result.groups)
        assert len(result.groups) <= max_k


def test_it_leaves_light_voters_ungrouped_once_enough_are_in(
    make_votes: Callable[..., Votes],
) -> None:
    votes = make_votes(n_participants=40, n_statements=20)
    light = Votes.from_lists(
        [*votes.participant_ids.tolist(), 500, 500],
        [*votes.statement_ids.tolist(), 0, 1],
        [*votes.values.tolist(), 1, 1],
    )
    placements = {p.id: p for p in compute(light).participants}
    assert placements[500].group is None
    assert placements[0].group is not None


def test_it_keeps_participants_grouped_once_in(make_votes: Callable[..., Votes]) -> None:
    votes = make_votes(n_participants=10, n_statements=20)
    first = compute(votes)
    assert all(p.group is not None for p in first.participants)  # topped up to 15
    more = make_votes(n_participants=40, n_statements=20, seed=5)
    later = Votes.from_lists(
        [*votes.participant_ids.tolist(), *(more.participant_ids + 100).tolist()],
        [*votes.statement_ids.tolist(), *more.statement_ids.tolist()],
        [*votes.values.tolist(), *more.values.tolist()],
    )
    result = compute(later, previous_state=first.state)
    assert set(first.state.in_conversation) <= set(result.state.in_conversation)


def test_it_ignores_moderated_out_and_meta_statements_in_representatives(
    make_votes: Callable[..., Votes],
) -> None:
    votes = make_votes(n_participants=60, n_statements=20)
    result = compute(votes, moderated_out=[0, 1, 2], meta=[3])
    shown = {r.statement for g in result.groups for r in g.representative}
    shown |= {c.statement for c in result.consensus.agree + result.consensus.disagree}
    assert shown.isdisjoint({0, 1, 2, 3})
    priorities = {s.id: s.priority for s in result.statements}
    assert priorities[3] == 49


def test_it_uses_the_last_vote_of_each_participant(make_votes: Callable[..., Votes]) -> None:
    votes = Votes.from_lists([1, 1, 2], [10, 10, 10], [1, -1, 1], [2.0, 1.0, 3.0])
    result = compute(votes)
    assert {s.id for s in result.statements} == {10}
    flipped = Votes.from_lists([1, 1, 2], [10, 10, 10], [1, -1, 1], [1.0, 2.0, 3.0])
    assert compute(flipped).participants != result.participants


def test_it_refuses_votes_outside_minus_one_to_one() -> None:
    with pytest.raises(ValueError, match="vote 1"):
        compute(Votes.from_lists([1, 2], [1, 1], [1, 2]))


def test_its_state_survives_json(make_votes: Callable[..., Votes]) -> None:
    result = compute(make_votes())
    state = OpinionState.from_dict(json.loads(json.dumps(result.state.to_dict())))
    assert state == result.state


def test_k_smoothing_switches_after_four_wins_in_a_row() -> None:
    smoother = KSmoother()
    shown = []
    for best in (3, 2, 2, 2, 4, 2, 2, 2, 2, 2):
        smoother = smooth_k(smoother, best)
        shown.append(smoother.smoothed_k)
    assert shown == [3, 3, 3, 3, 3, 3, 3, 3, 2, 2]


def test_groups_stay_stable_as_votes_arrive(shared_data: Path) -> None:
    conversation = read_conversation(shared_data / "polis" / "vtaiwan.uberx")
    votes = conversation.votes
    assert votes.timestamps is not None
    order = np.argsort(votes.timestamps, kind="stable")
    state, previous, shown_k, changes = None, None, None, []
    n_updates = 12
    for update in range(1, n_updates + 1):
        upto = order[: len(order) * update // n_updates]
        chunk = Votes(
            votes.participant_ids[upto], votes.statement_ids[upto], votes.values[upto],
            votes.timestamps[upto],
        )  # fmt: skip
        result = compute(chunk, moderated_out=conversation.moderated_out, previous_state=state)
        state, current = result.state, group_of(result)
        if previous is not None and shown_k == len(result.groups):
            both = [p for p, g in current.items() if g is not None and previous.get(p) is not None]
            changes.append(sum(current[p] != previous[p] for p in both) / len(both))
        previous, shown_k = current, len(result.groups)
    assert len(changes) >= n_updates // 2
    assert max(changes) < 0.05


@pytest.mark.parametrize(
    ("participants", "statements", "values"),
    [([], [], []), ([1], [1], [1]), ([1, 1, 1], [1, 2, 3], [1, -1, 0])],
)
def test_it_shows_no_group_for_fewer_than_two_participants(
    participants: list[int], statements: list[int], values: list[int]
) -> None:
    votes = Votes.from_lists(participants, statements, values)
    result = compute(votes)
    assert result.groups == ()
    assert all(p.group is None for p in result.participants)


def test_it_accepts_string_ids() -> None:
    votes = Votes.from_lists(["ann", "bob", "cy", "ann"], ["s1", "s2", "s1", "s2"], [1, -1, 1, 0])
    result = compute(votes)
    assert {p.id for p in result.participants} == {"ann", "bob", "cy"}
    assert {s.id for s in result.statements} == {"s1", "s2"}


def test_stickiness_keeps_a_wavering_point_in_its_last_cluster() -> None:
    points = np.array([[0.0, 0.0], [0.1, 0.0], [1.0, 0.0], [1.1, 0.0], [0.44, 0.0]])
    weights = np.ones(len(points))
    # Last update the middle point sat with the right-hand pair (cluster 7).
    warm = WarmStart(
        ids=np.array([3, 7]), members=(np.array([0, 1]), np.array([2, 3, 4]))
    )  # fmt: skip
    polis = polis_kmeans(points, weights, 2, 20, warm, stickiness=1.0)
    sticky = polis_kmeans(points, weights, 2, 20, warm, stickiness=1.5)
    assert polis.ids[polis.labels[4]] == 3
    assert sticky.ids[sticky.labels[4]] == 7


def test_it_refuses_stickiness_below_one(make_votes: Callable[..., Votes]) -> None:
    with pytest.raises(ValueError, match="stickiness"):
        compute(make_votes(), stickiness=0.5)
