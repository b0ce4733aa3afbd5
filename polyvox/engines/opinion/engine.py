"""compute(): one update of a conversation's opinion map, Polis's math end to end."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from polyvox.engines.opinion.clustering import (
    DEFAULT_STICKINESS,
    GroupChoice,
    base_clusters,
    choose_groups,
    to_clusters,
)
from polyvox.engines.opinion.kmeans import Clustering
from polyvox.engines.opinion.matrix import (
    VoteMatrix,
    build_vote_matrix,
    column_mask,
    select_in_conversation,
)
from polyvox.engines.opinion.model import (
    Consensus,
    FloatArray,
    IntArray,
    OpinionGroup,
    OpinionResult,
    OpinionState,
    ParticipantPlacement,
    RepresentativeStatement,
    StatementSummary,
    Votes,
)
from polyvox.engines.opinion.pca import Pca, fit_pca, project_participants, statement_extremity
from polyvox.engines.opinion.repness import (
    GroupCounts,
    consensus_statements,
    group_counts,
    group_informed_consensus,
    priorities,
    representative_statements,
)

DEFAULT_MAX_K = 5


def _previous_components(
    previous: OpinionState | None, statement_ids: npt.NDArray[Any]
) -> FloatArray | None:
    """Last update's components laid out on today's statements (new statements start at 0)."""
    if previous is None or not previous.components:
        return None
    old_position = {s: i for i, s in enumerate(previous.statement_ids)}
    old = np.asarray(previous.components, dtype=np.float64)
    laid_out = np.zeros((len(old), len(statement_ids)))
    for column, statement in enumerate(statement_ids.tolist()):
        if statement in old_position:
            laid_out[:, column] = old[:, old_position[statement]]
    return laid_out


def _participant_groups(
    matrix: VoteMatrix, in_conversation: IntArray, base: Clustering, groups: Clustering | None
) -> IntArray:
    """Each participant's group index (into groups.ids), -1 when not grouped."""
    labels = np.full(matrix.shape[0], -1, dtype=np.int64)
    if groups is not None:
        labels[in_conversation] = groups.labels[base.labels]
    return labels


def _group_clustering(
    base: Clustering, state: OpinionState | None, max_k: int, stickiness: float
) -> tuple[Clustering | None, GroupChoice]:
    weights = np.bincount(base.labels, minlength=len(base.ids)).astype(np.float64)
    previous = state or OpinionState()
    choice = choose_groups(
        base,
        weights,
        previous.group_clusterings,
        previous.k_smoother,
        max_k,
        stickiness=stickiness,
    )
    if choice.chosen_k is None:
        return None, choice
    groups = choice.clusterings[choice.chosen_k]
    # k-means collapsed to one cluster (one distinct position): Polis would show a single
    # group of everyone, which says nothing; show none.
    if len(groups.ids) < 2:
        return None, choice
    return groups, choice


def compute(
    votes: Votes,
    *,
    moderated_out: Iterable[Any] = (),
    meta: Iterable[Any] = (),
    previous_state: OpinionState | None = None,
    max_k: int = DEFAULT_MAX_K,
    seed: int = 0,
    stickiness: float = DEFAULT_STICKINESS,
) -> OpinionResult:
    """Polis's opinion map for `votes`; pass the last result's state to warm-start.

    A cold start follows Polis's rules from the votes alone; their order in time (by
    timestamps, else by position) is the history Polis's in-conversation rule replays.
    On warm updates a participant keeps their last group unless another is `stickiness`
    times nearer; 1.0 is Polis's own behaviour (reproduces its groups, less steady).
    Stickiness has no effect on a cold start.
    """
    started = time.perf_counter()
    if max_k < 2:
        raise ValueError("max_k must be at least 2")
    if stickiness < 1.0:
        raise ValueError("stickiness must be at least 1")
    if len(votes) == 0:
        return _empty_result(previous_state, started)
    matrix = build_vote_matrix(votes)
    meta_mask = column_mask(matrix.statement_ids, meta)
    # Polis treats meta statements as moderated out for the math.
    excluded = column_mask(matrix.statement_ids, moderated_out) | meta_mask
    previous_ids = previous_state.in_conversation if previous_state else ()
    in_conversation = np.flatnonzero(select_in_conversation(matrix, previous_ids))

    pca, centred = fit_pca(
        matrix, excluded, _previous_components(previous_state, matrix.statement_ids), seed
    )
    positions = project_participants(matrix, centred, pca, excluded)
    grouped_ids = matrix.participant_ids[in_conversation]
    base = base_clusters(
        positions[in_conversation],
        grouped_ids.tolist(),
        previous_state.base_clusters if previous_state else (),
        stickiness,
    )
    groups, choice = _group_clustering(base, previous_state, max_k, stickiness)
    labels = _participant_groups(matrix, in_conversation, base, groups)
    n_groups = 0 if groups is None else len(groups.ids)
    counts = group_counts(matrix, labels, n_groups)
    representative = representative_statements(counts, excluded, matrix.statement_ids)
    agree, disagree = consensus_statements(matrix, excluded)

    return OpinionResult(
        participants=_placements(matrix, positions, labels, groups),
        groups=_groups(groups, base, representative),
        consensus=Consensus(agree=tuple(agree), disagree=tuple(disagree)),
        statements=_statements(matrix, pca, counts, meta_mask),
        state=_state_after(matrix, pca, grouped_ids, base, choice),
        silhouettes=dict(choice.silhouettes),
        seconds=time.perf_counter() - started,
    )


def _state_after(
    matrix: VoteMatrix,
    pca: Pca,
    grouped_ids: npt.NDArray[Any],
    base: Clustering,
    choice: GroupChoice,
) -> OpinionState:
    return OpinionState(
        in_conversation=tuple(grouped_ids.tolist()),
        statement_ids=tuple(matrix.statement_ids.tolist()),
        components=tuple(tuple(row) for row in pca.components.tolist()),
        base_clusters=to_clusters(base, grouped_ids),
        group_clusterings={k: to_clusters(c, base.ids) for k, c in choice.clusterings.items()},
        k_smoother=choice.smoother,
    )


def _empty_result(previous_state: OpinionState | None, started: float) -> OpinionResult:
    return OpinionResult(
        participants=(),
        groups=(),
        consensus=Consensus(agree=(), disagree=()),
        statements=(),
        state=previous_state or OpinionState(),
        silhouettes={},
        seconds=time.perf_counter() - started,
    )


def _placements(
    matrix: VoteMatrix, positions: FloatArray, labels: IntArray, groups: Clustering | None
) -> tuple[ParticipantPlacement, ...]:
    group_ids = [None] if groups is None else groups.ids.tolist()
    return tuple(
        ParticipantPlacement(id=pid, group=None if label < 0 else int(group_ids[label]), x=x, y=y)
        for pid, label, (x, y) in zip(
            matrix.participant_ids.tolist(), labels.tolist(), positions.tolist(), strict=True
        )
    )


def _groups(
    groups: Clustering | None,
    base: Clustering,
    representative: list[list[RepresentativeStatement]],
) -> tuple[OpinionGroup, ...]:
    if groups is None:
        return ()
    base_sizes = np.bincount(base.labels, minlength=len(base.ids))
    return tuple(
        OpinionGroup(
            id=int(group_id),
            size=int(base_sizes[groups.labels == index].sum()),
            base_clusters=tuple(base.ids[groups.labels == index].tolist()),
            representative=tuple(representative[index]),
        )
        for index, group_id in enumerate(groups.ids)
    )


def _statements(
    matrix: VoteMatrix, pca: Pca, counts: GroupCounts, meta: npt.NDArray[np.bool_]
) -> tuple[StatementSummary, ...]:
    extremity = statement_extremity(pca)
    consensus = group_informed_consensus(counts)
    priority = priorities(counts, extremity, meta)
    return tuple(
        StatementSummary(id=sid, group_informed_consensus=g, priority=p, extremity=e)
        for sid, g, p, e in zip(
            matrix.statement_ids.tolist(),
            consensus.tolist(),
            priority.tolist(),
            extremity.tolist(),
            strict=True,
        )
    )
