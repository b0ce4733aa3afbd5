"""Base clusters (k = 100 over participants), then opinion groups over the base clusters."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from polyvox.engines.opinion.kmeans import (
    Clustering,
    WarmStart,
    polis_kmeans,
    silhouette,
)
from polyvox.engines.opinion.model import Cluster, FloatArray, KSmoother

BASE_K = 100
BASE_ITERATIONS = 100
# Polis passes its group iteration setting under a key kmeans ignores, so groups get the
# default of 20 iterations; we keep that to reproduce its groups.
GROUP_ITERATIONS = 20
K_BUFFER = 4
# Polis lets points move to whichever centre is nearest after a warm start (1.0). Sticky
# membership keeps a participant (and a base cluster) in its last cluster unless another
# centre is this many times nearer. Replaying the openData conversations in 20 updates,
# 1.5 keeps group changes under 4.5% per update once k is stable, 26-person conversation
# aside (Polis's rule: up to 18%; bench/opinions/README.md).
POLIS_STICKINESS = 1.0
DEFAULT_STICKINESS = 1.5


@dataclass(frozen=True)
class GroupChoice:
    clusterings: dict[int, Clustering]
    silhouettes: dict[int, float]
    smoother: KSmoother
    chosen_k: int | None


Key = TypeVar("Key", bound=Hashable)  # participant ids or indexes, as the caller has them


def warm_start_for(
    previous: Sequence[Cluster], key_to_index: Mapping[Key, int]
) -> WarmStart | None:
    if not previous:
        return None
    members = tuple(
        np.array([key_to_index[m] for m in c.members if m in key_to_index], dtype=np.int64)
        for c in previous
    )
    return WarmStart(ids=np.array([c.id for c in previous], dtype=np.int64), members=members)


def base_clusters(
    points: FloatArray,
    keys: Sequence[Hashable],  # participant ids as the caller gave them
    previous: Sequence[Cluster],
    stickiness: float = DEFAULT_STICKINESS,
) -> Clustering:
    """Cluster participants' positions into at most 100 base clusters, sorted by id."""
    warm = warm_start_for(previous, {key: index for index, key in enumerate(keys)})
    weights = np.ones(len(points))
    clustering = polis_kmeans(points, weights, BASE_K, BASE_ITERATIONS, warm, stickiness)
    return sort_by_id(clustering)


def sort_by_id(clustering: Clustering) -> Clustering:
    order = np.argsort(clustering.ids, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return Clustering(
        ids=clustering.ids[order], centers=clustering.centers[order], labels=rank[clustering.labels]
    )


def candidate_ks(n_base_clusters: int, max_k: int) -> range:
    return range(2, min(max_k, 2 + n_base_clusters // 12) + 1)


def smooth_k(previous: KSmoother, best_k: int) -> KSmoother:
    """The displayed k switches only once the same best k has won K_BUFFER updates running."""
    count = previous.last_k_count + 1 if previous.last_k == best_k else 1
    switch = count >= K_BUFFER or previous.smoothed_k is None
    smoothed = best_k if switch else previous.smoothed_k
    return KSmoother(last_k=best_k, last_k_count=count, smoothed_k=smoothed)


def _best_k(silhouettes: dict[int, float], eligible: list[int]) -> int:
    # Polis's max-key keeps the last of equal maxima, i.e. the larger k.
    return max(eligible, key=lambda k: (silhouettes[k], k))


def choose_groups(
    base: Clustering,
    base_weights: FloatArray,
    previous_clusterings: dict[int, tuple[Cluster, ...]],
    previous_smoother: KSmoother,
    max_k: int,
    stickiness: float = DEFAULT_STICKINESS,
) -> GroupChoice:
    """Groups for every candidate k (Polis's k-means, warm-started per k), then the k to show.

    A cold start begins, as Polis's does, from the first k distinct base-cluster centres in
    id order; that order carries the base clusters' history, so it decides which of the
    k-means local optima the groups land in.
    """
    points, keys = base.centers, [int(i) for i in base.ids]
    key_to_index = {key: index for index, key in enumerate(keys)}
    distances = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    clusterings: dict[int, Clustering] = {}
    silhouettes: dict[int, float] = {}
    for k in candidate_ks(len(keys), max_k):
        warm = warm_start_for(previous_clusterings.get(k, ()), key_to_index)
        found = polis_kmeans(points, base_weights, k, GROUP_ITERATIONS, warm, stickiness)
        clusterings[k] = sort_by_id(found)
        silhouettes[k] = silhouette(distances, clusterings[k].labels)
    if not clusterings:
        return GroupChoice({}, {}, previous_smoother, None)
    smoother = smooth_k(previous_smoother, _best_k(silhouettes, list(clusterings)))
    chosen = smoother.smoothed_k if smoother.smoothed_k in clusterings else smoother.last_k
    return GroupChoice(clusterings, silhouettes, smoother, chosen)


def to_clusters(clustering: Clustering, member_keys: npt.NDArray[Any]) -> tuple[Cluster, ...]:
    order = np.argsort(clustering.labels, kind="stable")
    bounds = np.searchsorted(clustering.labels[order], np.arange(len(clustering.ids) + 1))
    return tuple(
        Cluster(
            id=int(cluster_id),
            members=tuple(member_keys[order[bounds[i] : bounds[i + 1]]].tolist()),
            center=(float(clustering.centers[i, 0]), float(clustering.centers[i, 1])),
        )
        for i, cluster_id in enumerate(clustering.ids)
    )
