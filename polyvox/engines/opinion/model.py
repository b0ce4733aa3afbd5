"""Plain data types of the opinion engine: votes in, an opinion map and a resumable state out."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

import numpy as np
import numpy.typing as npt

AGREE = 1
DISAGREE = -1
PASS = 0

Direction = Literal["agree", "disagree"]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Votes:
    """Vote events, one per index: agree = +1, disagree = -1, pass = 0.

    Re-votes are allowed: the last event per participant and statement counts, by
    `timestamps` when given, otherwise by position.
    """

    participant_ids: npt.NDArray[Any]
    statement_ids: npt.NDArray[Any]
    values: npt.NDArray[np.int8]
    timestamps: FloatArray | None = None

    @classmethod
    def from_lists(
        cls,
        participant_ids: Sequence[Hashable],
        statement_ids: Sequence[Hashable],
        values: Sequence[int],
        timestamps: Sequence[float] | None = None,
    ) -> Votes:
        return cls(
            participant_ids=np.asarray(participant_ids),
            statement_ids=np.asarray(statement_ids),
            values=np.asarray(values, dtype=np.int8),
            timestamps=None if timestamps is None else np.asarray(timestamps, dtype=np.float64),
        )

    def __len__(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class Cluster:
    """A k-means cluster: base clusters hold participant ids, groups hold base-cluster ids."""

    id: int
    members: tuple[Any, ...]
    center: tuple[float, float]


@dataclass(frozen=True)
class KSmoother:
    """Polis's k smoothing: the displayed k follows the best k only after it won `buffer` times."""

    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None


class ClusterDict(TypedDict):
    id: int
    members: list[object]  # participant or cluster ids as the caller gave them
    center: list[float]


class KSmootherDict(TypedDict, total=False):
    last_k: int | None
    last_k_count: int
    smoothed_k: int | None


class OpinionStateDict(TypedDict, total=False):
    """OpinionState as JSON (to_dict's output, from_dict's input: keys may be missing)."""

    in_conversation: list[object]
    statement_ids: list[object]
    components: list[list[float]]
    base_clusters: list[ClusterDict]
    group_clusterings: dict[str, list[ClusterDict]]
    k_smoother: KSmootherDict


@dataclass(frozen=True)
class OpinionState:
    """What one update hands to the next so that groups stay stable as votes arrive.

    Everything is plain Python (ids, floats, tuples) so a caller can store it as JSON.
    """

    in_conversation: tuple[Any, ...] = ()
    statement_ids: tuple[Any, ...] = ()
    components: tuple[tuple[float, ...], ...] = ()
    base_clusters: tuple[Cluster, ...] = ()
    group_clusterings: dict[int, tuple[Cluster, ...]] = field(default_factory=dict)
    k_smoother: KSmoother = KSmoother()

    def to_dict(self) -> OpinionStateDict:
        return {
            "in_conversation": list(self.in_conversation),
            "statement_ids": list(self.statement_ids),
            "components": [list(row) for row in self.components],
            "base_clusters": [_cluster_to_dict(c) for c in self.base_clusters],
            "group_clusterings": {
                str(k): [_cluster_to_dict(c) for c in clusters]
                for k, clusters in self.group_clusterings.items()
            },
            "k_smoother": {
                "last_k": self.k_smoother.last_k,
                "last_k_count": self.k_smoother.last_k_count,
                "smoothed_k": self.k_smoother.smoothed_k,
            },
        }

    @classmethod
    def from_dict(cls, data: OpinionStateDict) -> OpinionState:
        smoother: KSmootherDict = data.get("k_smoother") or {}
        return cls(
            in_conversation=tuple(data.get("in_conversation", ())),
            statement_ids=tuple(data.get("statement_ids", ())),
            components=tuple(tuple(float(x) for x in row) for row in data.get("components", ())),
            base_clusters=tuple(_cluster_from_dict(c) for c in data.get("base_clusters", ())),
            group_clusterings={
                int(k): tuple(_cluster_from_dict(c) for c in clusters)
                for k, clusters in (data.get("group_clusterings") or {}).items()
            },
            k_smoother=KSmoother(
                last_k=smoother.get("last_k"),
                last_k_count=int(smoother.get("last_k_count", 0)),
                smoothed_k=smoother.get("smoothed_k"),
            ),
        )


def _cluster_to_dict(cluster: Cluster) -> ClusterDict:
    return {"id": cluster.id, "members": list(cluster.members), "center": list(cluster.center)}


def _cluster_from_dict(data: ClusterDict) -> Cluster:
    center = data["center"]
    return Cluster(
        id=int(data["id"]),
        members=tuple(data["members"]),
        center=(float(center[0]), float(center[1])),
    )


@dataclass(frozen=True)
class RepresentativeStatement:
    statement: Any
    direction: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False


@dataclass(frozen=True)
class ConsensusStatement:
    statement: Any
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class OpinionGroup:
    id: int
    size: int
    base_clusters: tuple[int, ...]
    representative: tuple[RepresentativeStatement, ...]


@dataclass(frozen=True)
class ParticipantPlacement:
    id: Any
    group: int | None
    x: float
    y: float


@dataclass(frozen=True)
class StatementSummary:
    id: Any
    group_informed_consensus: float
    priority: float
    extremity: float


@dataclass(frozen=True)
class Consensus:
    agree: tuple[ConsensusStatement, ...]
    disagree: tuple[ConsensusStatement, ...]


@dataclass(frozen=True)
class OpinionResult:
    participants: tuple[ParticipantPlacement, ...]
    groups: tuple[OpinionGroup, ...]
    consensus: Consensus
    statements: tuple[StatementSummary, ...]
    state: OpinionState
    silhouettes: dict[int, float]
    seconds: float
