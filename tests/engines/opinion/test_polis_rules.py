"""Polis's rules that the same-tick fixtures depend on, on small hand-made histories."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import silhouette_score

from polyvox.engines.opinion import Votes, compute
from polyvox.engines.opinion.kmeans import silhouette
from polyvox.engines.opinion.matrix import build_vote_matrix, select_in_conversation


def in_conversation(votes: Votes) -> set[int]:
    matrix = build_vote_matrix(votes)
    return set(matrix.participant_ids[select_in_conversation(matrix, ())].tolist())


def crowd(
    first_participant: int, n_participants: int, start: float
) -> list[tuple[int, int, float]]:
    """Participants who each vote on statements 0..7 (always grouped), after `start`."""
    return [
        (p, s, start + 10 * (p - first_participant) + s)
        for p in range(first_participant, first_participant + n_participants)
        for s in range(8)
    ]


def votes_of(events: list[tuple[int, int, float]]) -> Votes:
    participants, statements, stamps = zip(*events, strict=True)
    return Votes.from_lists(list(participants), list(statements), [1] * len(events), list(stamps))


def test_a_participant_who_voted_on_every_statement_there_was_stays_grouped() -> None:
    # 20 participants vote on statement 0 while it is the only one, then on 1..7.
    only_one = [(p, 0, float(p)) for p in range(20)]
    later = [(p, s, 1000.0 + 10 * p + s) for p in range(20) for s in range(1, 8)]
    # Participant 100 (the 21st) votes on statement 0 while it is still the only one:
    # 1 of min(7, 1) is enough, and Polis never drops anyone.
    early = [*only_one, (100, 0, 50.0), *later]
    assert 100 in in_conversation(votes_of(early))
    # The same single vote once 8 statements exist is too few.
    late = [*only_one, *later, (100, 0, 1e6)]
    assert 100 not in in_conversation(votes_of(late))


def test_the_first_fifteen_voters_are_grouped_whatever_their_count() -> None:
    # Participants 0..14 vote once each on statements 0..7 in turn: the first one qualifies
    # (1 of 1 statements), the rest are in because fewer than 15 were in when they came.
    first = [(p, p % 8, float(p)) for p in range(15)]
    events = first + crowd(20, 20, 100.0) + [(50, 3, 1e6)]
    grouped = in_conversation(votes_of(events))
    assert set(range(15)) <= grouped
    assert 50 not in grouped


def test_a_re_vote_counts_once() -> None:
    # Participant 100 votes 7 times, but on the same two statements: 2 cells, not 7.
    revotes = [(100, s % 2, 1e6 + s) for s in range(7)]
    assert 100 not in in_conversation(votes_of(crowd(0, 20, 0.0) + revotes))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.integers(0, 4)), min_size=3, max_size=40
    )
)
def test_silhouette_agrees_with_scikit_learn(points: list[tuple[float, float, int]]) -> None:
    positions = np.array([(x, y) for x, y, _ in points])
    labels = np.array([label for _, _, label in points])
    distances = np.linalg.norm(positions[:, None, :] - positions[None, :, :], axis=2)
    n_labels = len(np.unique(labels))
    if n_labels < 2:
        assert silhouette(distances, labels) == -1.0
    elif n_labels == len(labels):
        assert silhouette(distances, labels) == 0.0
    else:
        expected = silhouette_score(distances, labels, metric="precomputed")
        assert abs(silhouette(distances, labels) - expected) < 1e-9


def replayed_vote_by_vote(events: list[tuple[int, int]]) -> set[int]:
    """Polis's in-conversation update run after every vote, written the plain way."""
    cells: set[tuple[int, int]] = set()
    counts: dict[int, int] = {}
    statements: set[int] = set()
    grouped: set[int] = set()
    for participant, statement in events:
        statements.add(statement)
        cells.add((participant, statement))
        counts[participant] = sum(1 for p, _ in cells if p == participant)
        grouped |= {p for p, n in counts.items() if n >= min(7, len(statements))}
        if len(grouped) < 15:
            rest = sorted((p for p in counts if p not in grouped), key=lambda p: -counts[p])
            grouped |= set(rest[: 15 - len(grouped)])
    return grouped


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12)), min_size=1, max_size=150))
def test_in_conversation_equals_polis_rule_replayed_after_every_vote(
    events: list[tuple[int, int]],
) -> None:
    votes = Votes.from_lists(
        [p for p, _ in events],
        [s for _, s in events],
        [1] * len(events),
        [float(t) for t in range(len(events))],
    )
    assert in_conversation(votes) == replayed_vote_by_vote(events)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 300), st.sampled_from([-1, 0, 1])),
        min_size=1,
        max_size=120,
    )
)
def test_the_last_vote_in_each_cell_counts(events: list[tuple[int, int, int]]) -> None:
    # Statement ids up to 300 with few votes exercise the sparse path, few ids the table.
    votes = Votes.from_lists(
        [p for p, _, _ in events],
        [s for _, s, _ in events],
        [v for _, _, v in events],
        [float(t) for t in range(len(events))],
    )
    matrix = build_vote_matrix(votes)
    last = {(p, s): v for p, s, v in events}
    cells = {
        (int(matrix.participant_ids[r]), int(matrix.statement_ids[c])): int(v)
        for r, c, v in zip(matrix.rows, matrix.cols, matrix.values, strict=True)
    }
    assert cells == last
    assert len(matrix.rows) == len(last)


def test_a_map_without_variance_on_many_statements_still_computes() -> None:
    # Above the dense limit the components come from Lanczos, which cannot start from a
    # zero matrix: one participant, or everyone voting alike, falls back to the dense solver.
    for participants in (1, 3):
        votes = Votes.from_lists(
            [p for p in range(participants) for _ in range(150)],
            [s for _ in range(participants) for s in range(150)],
            [1] * (150 * participants),
        )
        result = compute(votes)
        assert result.groups == ()
        assert all(np.isfinite([p.x, p.y]).all() for p in result.participants)
